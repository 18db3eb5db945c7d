import type { UpgradePlan } from '../../api/index.js';
import { Metrics } from '../../runtime/index.js';
import { trackPlanMetrics } from './plan-metrics.js';

const plan = (name: string, status: UpgradePlan['status']): UpgradePlan =>
  ({ metadata: { name, namespace: 'fleet' }, spec: {}, status }) as unknown as UpgradePlan;

const series = (text: string, family: string): string[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith(`${family}{`))
    .sort();

describe('plan metrics', () => {
  it('reports clusters by phase, each stage’s finished share and the plan’s phase, from every source', async () => {
    const metrics = new Metrics();
    let plans = [
      plan('p1', {
        phase: 'Progressing',
        stages: [
          {
            name: 'dev',
            phase: 'Progressing',
            clusters: [
              { name: 'a', phase: 'Succeeded' },
              { name: 'b', phase: 'Failed' },
              { name: 'c', phase: 'UpgradingControlPlane' },
              { name: 'd', phase: 'Pending' },
            ],
          },
          { name: 'prod', phase: 'Pending', clusters: [{ name: 'e', phase: 'Pending' }] },
        ],
      }),
    ];
    trackPlanMetrics(metrics, () => plans);
    trackPlanMetrics(metrics, () => [plan('p2', { phase: 'Succeeded', stages: [] })]);
    const text = await metrics.text();
    expect(
      series(text, 'aks_lifecycle_upgrade_plan_clusters').filter((l) => l.includes('plan="p1"')),
    ).toEqual(
      expect.arrayContaining([
        'aks_lifecycle_upgrade_plan_clusters{namespace="fleet",plan="p1",phase="Pending"} 2',
        'aks_lifecycle_upgrade_plan_clusters{namespace="fleet",plan="p1",phase="Succeeded"} 1',
        'aks_lifecycle_upgrade_plan_clusters{namespace="fleet",plan="p1",phase="Failed"} 1',
        'aks_lifecycle_upgrade_plan_clusters{namespace="fleet",plan="p1",phase="Blocked"} 0',
      ]),
    );
    expect(series(text, 'aks_lifecycle_upgrade_plan_stage_progress')).toEqual([
      'aks_lifecycle_upgrade_plan_stage_progress{namespace="fleet",plan="p1",stage="dev"} 0.5',
      'aks_lifecycle_upgrade_plan_stage_progress{namespace="fleet",plan="p1",stage="prod"} 0',
    ]);
    expect(series(text, 'aks_lifecycle_upgrade_plan_phase').filter((l) => l.endsWith(' 1'))).toEqual([
      'aks_lifecycle_upgrade_plan_phase{namespace="fleet",plan="p1",phase="Progressing"} 1',
      'aks_lifecycle_upgrade_plan_phase{namespace="fleet",plan="p2",phase="Succeeded"} 1',
    ]);
    // A deleted plan's series go with it.
    plans = [];
    expect((await metrics.text()).includes('plan="p1"')).toBe(false);
  });
});
