import type { UpgradePlanPhase } from '../../api/index.js';
import { abortSummary, planConditions } from './plan-conditions.js';

const counts = { total: 3, done: 1, failed: 0, inProgress: 1 };
const summary = (phase: UpgradePlanPhase): string[] =>
  planConditions({ phase, counts, blocked: [] }).map((c) => `${c.type}=${c.status}/${c.reason}`);

describe('planConditions', () => {
  it.each<[UpgradePlanPhase, string[]]>([
    [
      'Progressing',
      [
        'Ready=False/Upgrading',
        'Reconciling=True/Upgrading',
        'Stalled=False/Upgrading',
        'Progressing=True/Upgrading',
        'Failed=False/Upgrading',
      ],
    ],
    [
      'Succeeded',
      [
        'Ready=True/Completed',
        'Reconciling=False/Completed',
        'Stalled=False/Completed',
        'Progressing=False/Completed',
        'Failed=False/Completed',
      ],
    ],
    [
      'Failed',
      [
        'Ready=False/MaxFailuresExceeded',
        'Reconciling=False/MaxFailuresExceeded',
        'Stalled=True/MaxFailuresExceeded',
        'Progressing=False/MaxFailuresExceeded',
        'Failed=True/MaxFailuresExceeded',
      ],
    ],
    [
      'Paused',
      [
        'Ready=False/Paused',
        'Reconciling=False/Paused',
        'Stalled=False/Paused',
        'Progressing=False/Paused',
        'Failed=False/Paused',
      ],
    ],
    [
      'WaitingForWindow',
      [
        'Ready=False/OutsideMaintenanceWindow',
        'Reconciling=True/OutsideMaintenanceWindow',
        'Stalled=False/OutsideMaintenanceWindow',
        'Progressing=True/OutsideMaintenanceWindow',
        'Failed=False/OutsideMaintenanceWindow',
      ],
    ],
  ])(
    'phase %s reads as %j (kstatus: Reconciling means InProgress, Stalled means Failed)',
    (phase, expected) => {
      expect(summary(phase)).toEqual(expected);
    },
  );

  it('stalls with InvalidSpec when a maintenance window cannot be read', () => {
    const conditions = planConditions({
      phase: 'Progressing',
      counts,
      blocked: [],
      windowProblem: 'maintenanceWindows[0] cannot be read',
    });
    expect(conditions.find((c) => c.type === 'Stalled')).toMatchObject({
      status: 'True',
      reason: 'InvalidSpec',
    });
  });

  it('counts a cluster applying a released spec change as started when the plan is aborted', () => {
    const message = abortSummary([
      { name: 'dev', phase: 'Progressing', clusters: [{ name: 'dev-1', phase: 'ApplyingChanges' }] },
    ]);
    expect(message).toContain('runs to its end, no new one starts): dev-1');
    expect(message).toContain('not upgraded: none');
  });

  it('says an abort still ending is aborting, and one ended is aborted', () => {
    const stages: Parameters<typeof abortSummary>[0] = [
      { name: 'dev', phase: 'Progressing', clusters: [{ name: 'dev-1', phase: 'UpgradingNodePools' }] },
    ];
    expect(abortSummary(stages, 'Aborting')).toMatch(/^aborting, ending what runs: finished: none;/);
    expect(abortSummary(stages, 'Aborted')).toMatch(/^aborted: finished: none;/);
  });
});
