import { parseMetrics, percentileBound, sumOf } from './prometheus-text.js';

const TEXT = `# HELP controller_runtime_reconcile_total Reconciles per controller and result.
# TYPE controller_runtime_reconcile_total counter
controller_runtime_reconcile_total{controller="managedcluster",result="success"} 40
controller_runtime_reconcile_total{controller="nodepool",result="requeue_after"} 60
# TYPE controller_runtime_reconcile_time_seconds histogram
controller_runtime_reconcile_time_seconds_bucket{le="0.01",controller="managedcluster"} 30
controller_runtime_reconcile_time_seconds_bucket{le="0.05",controller="managedcluster"} 38
controller_runtime_reconcile_time_seconds_bucket{le="+Inf",controller="managedcluster"} 40
controller_runtime_reconcile_time_seconds_count{controller="managedcluster"} 40
controller_runtime_reconcile_time_seconds_bucket{le="0.01",controller="nodepool"} 50
controller_runtime_reconcile_time_seconds_bucket{le="0.05",controller="nodepool"} 60
controller_runtime_reconcile_time_seconds_bucket{le="+Inf",controller="nodepool"} 60
controller_runtime_reconcile_time_seconds_count{controller="nodepool"} 60
`;

describe('prometheus text', () => {
  const samples = parseMetrics(TEXT);

  it('reads samples with their labels and skips comments', () => {
    expect(samples).toContainEqual({
      name: 'controller_runtime_reconcile_total',
      labels: { controller: 'nodepool', result: 'requeue_after' },
      value: 60,
    });
    expect(samples.some((s) => s.name.startsWith('#'))).toBe(false);
  });

  it('sums a metric over all its labels', () => {
    expect(sumOf(samples, 'controller_runtime_reconcile_total')).toBe(100);
  });

  it.each([
    [50, 0.01], // 80 of 100 within 10 ms
    [90, 0.05], // 98 of 100 within 50 ms
    [99, Infinity], // the last 2 only under +Inf
  ])('puts the p%s of both controllers together under the bucket bound %s', (p, bound) => {
    expect(percentileBound(samples, 'controller_runtime_reconcile_time_seconds', p)).toBe(bound);
  });

  it('counts only the observations made since an earlier read', () => {
    // Earlier: 40 nodepool reconciles, all within 10 ms; since then 20 more, 10 of them over 10 ms.
    const earlier =
      parseMetrics(`controller_runtime_reconcile_time_seconds_bucket{le="0.01",controller="nodepool"} 40
controller_runtime_reconcile_time_seconds_bucket{le="0.05",controller="nodepool"} 40
controller_runtime_reconcile_time_seconds_bucket{le="+Inf",controller="nodepool"} 40
controller_runtime_reconcile_time_seconds_bucket{le="0.01",controller="managedcluster"} 30
controller_runtime_reconcile_time_seconds_bucket{le="0.05",controller="managedcluster"} 38
controller_runtime_reconcile_time_seconds_bucket{le="+Inf",controller="managedcluster"} 40
`);
    const bound = (p: number): number =>
      percentileBound(samples, 'controller_runtime_reconcile_time_seconds', p, earlier);
    expect(bound(50)).toBe(0.01);
    expect(bound(51)).toBe(0.05);
  });
});
