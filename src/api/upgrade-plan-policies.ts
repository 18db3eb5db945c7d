// UpgradePlan spec sections about how clusters are upgraded: target, stages, maintenance windows, pool
// strategy, failure policy, pre-flight and drain settings.
import { immutable, versionFormat } from './cel.js';
import { labelSelector, localRef } from './common.js';
import { DrainTimeoutAction } from './drain-timeout-action.js';
import { DrainRollouts } from './drain-rollouts.js';
import { UpgradeStrategy } from './node-pool-upgrade.js';
import { PreflightCheck } from './preflight-checks.js';
import { s, valuesOf } from './schema.js';

export const FailureAction = {
  /** Stop starting clusters in the failed stage; later stages do not run. */
  StopStage: 'StopStage',
  /** Stop the whole plan. */
  StopPlan: 'StopPlan',
} as const;
export type FailureAction = (typeof FailureAction)[keyof typeof FailureAction];

export const StoppedClusterAction = {
  /** Start a stopped cluster, upgrade it, and stop it again. */
  Start: 'Start',
  /** Leave stopped clusters out (phase Skipped). */
  Skip: 'Skip',
} as const;
export type StoppedClusterAction = (typeof StoppedClusterAction)[keyof typeof StoppedClusterAction];

export const Weekday = {
  Monday: 'Monday',
  Tuesday: 'Tuesday',
  Wednesday: 'Wednesday',
  Thursday: 'Thursday',
  Friday: 'Friday',
  Saturday: 'Saturday',
  Sunday: 'Sunday',
} as const;
export type Weekday = (typeof Weekday)[keyof typeof Weekday];

const STAGE_NAME_PATTERN = '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$';

export const target = s.object(
  {
    kubernetesVersion: s
      .string({
        description:
          'Kubernetes version to reach: major.minor or major.minor.patch. The control plane steps one minor at a time.',
        maxLength: 16,
        rules: [versionFormat('kubernetesVersion')],
      })
      .optional(),
    nodeImageOnly: s
      .boolean({ description: 'Upgrade only the node images of every pool to the newest AKS offers.' })
      .optional(),
    snapshotRef: localRef(
      'Move every selected pool to the node image and version of this NodePoolSnapshot.',
    ).optional(),
    specChanges: s
      .boolean({
        description:
          'A standing plan for spec changes: the selected clusters and their NodePools hold each new spec generation until their stage opens, run after run (see docs/upgrades.md).',
      })
      .optional(),
  },
  {
    description:
      'What to upgrade to: exactly one of kubernetesVersion, nodeImageOnly: true, snapshotRef or specChanges: true.',
    rules: [
      {
        rule:
          '(has(self.kubernetesVersion) ? 1 : 0) + (has(self.nodeImageOnly) && self.nodeImageOnly ? 1 : 0) + ' +
          '(has(self.snapshotRef) ? 1 : 0) + (has(self.specChanges) && self.specChanges ? 1 : 0) == 1',
        message:
          'target needs exactly one of kubernetesVersion, nodeImageOnly: true, snapshotRef or specChanges: true',
      },
      immutable('target', 'create a new UpgradePlan for another target'),
    ],
  },
);

export const stage = s.object(
  {
    name: s.string({
      description: 'Stage name, unique in the plan (lowercase DNS label).',
      pattern: STAGE_NAME_PATTERN,
      maxLength: 63,
    }),
    clusterSelector: labelSelector(
      "Narrows the plan's clusters to those of this stage. Every cluster runs in the first stage that selects it.",
    ).optional(),
    maxConcurrency: s.integer({
      description: 'Clusters of the stage upgraded at once.',
      minimum: 1,
      maximum: 100,
      default: 1,
    }),
    soakMinutes: s.integer({
      description: 'Wait after the stage succeeded before the next stage starts.',
      minimum: 0,
      maximum: 10080,
      default: 0,
    }),
    requireApproval: s.boolean({
      description: 'Wait until the stage name is listed in spec.approvals before starting it.',
      default: false,
    }),
  },
  { description: 'A group of clusters upgraded together; stages run in order.' },
);

export const stages = s
  .array(stage, {
    description: 'Stages in order. When omitted, all selected clusters form one stage named default.',
    maxItems: 16,
    listType: 'map',
    listMapKeys: ['name'],
    rules: [
      {
        rule: 'self.all(x, self.exists_one(y, y.name == x.name))',
        message: 'stage names must be unique: rename the repeated stage',
      },
    ],
  })
  .optional();

export const maintenanceWindow = s.object(
  {
    cron: s
      .string({
        description: 'Start of each window as a five-field cron expression, e.g. "0 22 * * 1-5".',
        pattern: '^[0-9A-Za-z*/,?-]+( +[0-9A-Za-z*/,?-]+){4}$',
        maxLength: 128,
      })
      .optional(),
    days: s
      .array(s.enum(valuesOf(Weekday), { description: 'A day of the week.' }), {
        description: 'Days the window opens on, with start.',
        maxItems: 7,
        listType: 'set',
      })
      .optional(),
    start: s
      .string({
        description: 'Time of day the window opens (HH:MM, 24 h), with days.',
        pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
        maxLength: 5,
      })
      .optional(),
    durationMinutes: s.integer({
      description: 'How long the window stays open.',
      minimum: 30,
      maximum: 10080,
    }),
    timeZone: s.string({
      description: 'IANA time zone of cron or start, e.g. Europe/Paris.',
      pattern: '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}$',
      maxLength: 64,
      default: 'UTC',
    }),
  },
  {
    description:
      'When clusters may start upgrading: cron, or days with start. A cluster already upgrading finishes.',
    rules: [
      {
        rule: 'has(self.cron) != (has(self.days) && has(self.start))',
        message: 'a maintenance window needs either cron, or days together with start (not both)',
      },
      {
        rule: 'has(self.days) == has(self.start)',
        message: 'a maintenance window needs days and start together',
      },
    ],
  },
);

export const poolStrategy = s.object(
  {
    default: s.enum(valuesOf(UpgradeStrategy), {
      description: 'Strategy for pools no override selects: Surge or BlueGreen.',
      default: 'Surge',
    }),
    overrides: s
      .array(
        s.object(
          {
            poolSelector: labelSelector('NodePools (by label) this override applies to.'),
            strategy: s.enum(valuesOf(UpgradeStrategy), { description: 'Strategy for those pools.' }),
          },
          { description: 'A strategy for the pools a selector picks; the first matching override wins.' },
        ),
        { description: 'Per-pool strategies.', maxItems: 16 },
      )
      .optional(),
  },
  { description: 'How node pools are upgraded during the plan.', default: {} },
);

export const failurePolicy = s.object(
  {
    maxFailures: s.integer({
      description: 'Cluster failures tolerated per stage before action applies.',
      minimum: 0,
      maximum: 1000,
      default: 0,
    }),
    maxTotalFailures: s
      .integer({
        description:
          'Cluster failures tolerated across all stages of the plan; past it the plan fails at once, whatever action says. When omitted, only maxFailures per stage applies.',
        minimum: 0,
        maximum: 1000,
      })
      .optional(),
    action: s.enum(valuesOf(FailureAction), { description: 'StopStage or StopPlan.', default: 'StopPlan' }),
  },
  { description: 'What happens when clusters fail to upgrade.', default: {} },
);

export const preflight = s.object(
  {
    skip: s
      .array(s.enum(valuesOf(PreflightCheck), { description: 'A check name.' }), {
        description: 'Checks not to run.',
        maxItems: 16,
        listType: 'set',
      })
      .optional(),
    stoppedClusters: s.enum(valuesOf(StoppedClusterAction), {
      description: 'Start (then stop again) or Skip clusters that are stopped.',
      default: 'Skip',
    }),
  },
  { description: 'Pre-flight checks run before each control-plane step and pool replacement.', default: {} },
);

export const drain = s.object(
  {
    timeoutMinutes: s.integer({
      description: 'Per-node drain limit for blue/green replacements; 0 waits without limit (24 h).',
      minimum: 0,
      maximum: 1440,
      default: 30,
    }),
    onTimeout: s.enum(valuesOf(DrainTimeoutAction), {
      description:
        'At the limit: Wait (report and wait), CordonOnly (go on, leave the node cordoned) or Force (delete the remaining pods, bypassing PodDisruptionBudgets, a Warning event per pod).',
      default: 'Wait',
    }),
    rollouts: s
      .enum(valuesOf(DrainRollouts), {
        description:
          'Allowed: the replacements may roll opted-in Deployments (annotation aks.lifecycle.dev/drain-rollout: "allowed") whose PodDisruptionBudget allows no eviction only because they are at their minimum, instead of waiting (see NodePool spec.blueGreen.rollouts). Unset or Never: only evict.',
      })
      .optional(),
    concurrency: s.integer({
      description: 'Nodes drained at once per pool.',
      minimum: 1,
      maximum: 100,
      default: 1,
    }),
  },
  {
    description:
      'Drain settings of the blue/green pool replacements the plan starts, passed to each pool through annotations.',
    default: {},
  },
);
