import { Metrics } from './metrics.js';

describe('Metrics', () => {
  it('returns the same family for the same name, so layers can register lazily', () => {
    const m = new Metrics();
    const a = m.counter({
      name: 'azure_requests_total',
      help: 'ARM calls',
      labelNames: ['operation', 'result'],
    });
    const b = m.counter({
      name: 'azure_requests_total',
      help: 'ARM calls',
      labelNames: ['operation', 'result'],
    });
    expect(a).toBe(b);
  });

  it('keeps registries of separate instances apart', async () => {
    const one = new Metrics();
    const two = new Metrics();
    one.reconcileTotal.inc({ controller: 'x', result: 'success' });
    expect(await two.text()).not.toContain('controller="x"');
  });

  it('exposes the controller families under controller-runtime names', async () => {
    const text = await new Metrics().text();
    for (const name of [
      'controller_runtime_reconcile_total',
      'controller_runtime_reconcile_errors_total',
      'controller_runtime_terminal_reconcile_errors_total',
      'controller_runtime_reconcile_time_seconds',
      'controller_runtime_active_workers',
      'controller_runtime_max_concurrent_reconciles',
      'workqueue_depth',
      'workqueue_retries_total',
      'leader_election_master_status',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });
});
