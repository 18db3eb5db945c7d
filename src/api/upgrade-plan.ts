// UpgradePlan: upgrades the selected ManagedClusters of a namespace to a target, stage by stage, within
// maintenance windows, with pre-flight checks and a failure policy.
import { conditions, labelSelector, observedGeneration } from './common.js';
import { AGE_COLUMN, READY_COLUMN } from './crd.js';
import type { KindDefinition } from './crd.js';
import { Kind, Plural } from './group.js';
import type { API_VERSION } from './group.js';
import type { ObjectMeta } from './object-meta.js';
import { PreflightCheck, PreflightSeverity } from './preflight-checks.js';
import { ReplacementAbortOutcome } from './replacement-abort.js';
import { s, valuesOf } from './schema.js';
import type { Infer, InferInput } from './schema.js';
import { ClusterUpgradePhase, StagePhase, UpgradePlanPhase } from './upgrade-phases.js';
import {
  drain,
  failurePolicy,
  maintenanceWindow,
  poolStrategy,
  preflight,
  stages,
  target,
} from './upgrade-plan-policies.js';

export const upgradePlanSpec = s.object(
  {
    target,
    clusterSelector: labelSelector('ManagedClusters of this namespace the plan upgrades; {} selects all.'),
    stages,
    maintenanceWindows: s
      .array(maintenanceWindow, {
        description: 'Windows in which clusters may start upgrading. When omitted, any time.',
        maxItems: 8,
      })
      .optional(),
    poolStrategy,
    failurePolicy,
    preflight,
    drain,
    paused: s.boolean({
      description: 'Start nothing new while true; Azure operations already running finish.',
      default: false,
    }),
    abort: s.boolean({
      description:
        'Stop the plan for good: nothing new starts; steps already asked (an AKS upgrade, a blue/green replacement) run to their end. Cannot be undone.',
      default: false,
    }),
    approvals: s
      .array(s.string({ description: 'A stage name.', maxLength: 63 }), {
        description: 'Stages with requireApproval that may start.',
        maxItems: 16,
        listType: 'set',
      })
      .optional(),
  },
  {
    description: 'Desired upgrade.',
    rules: [
      {
        rule: '!oldSelf.abort || self.abort',
        fieldPath: '.abort',
        message: 'abort cannot be undone: create a new UpgradePlan to upgrade again',
      },
      {
        rule: '!has(self.approvals) || self.approvals.all(a, has(self.stages) && self.stages.exists(st, st.name == a))',
        fieldPath: '.approvals',
        message: 'approvals must name stages of this plan: remove the unknown name or add the stage',
      },
    ],
  },
);
export type UpgradePlanSpec = Infer<typeof upgradePlanSpec>;
export type UpgradePlanSpecInput = InferInput<typeof upgradePlanSpec>;

export const runGeneration = s.object(
  {
    kind: s.string({ description: 'ManagedCluster or NodePool.', maxLength: 32 }),
    name: s.string({ description: 'Object name.', maxLength: 253 }),
    generation: s.integer({ description: 'metadata.generation this run releases.', minimum: 0 }),
  },
  { description: 'One object of a cluster and the spec generation a specChanges run releases.' },
);

export const preflightFinding = s.object(
  {
    check: s.enum(valuesOf(PreflightCheck), { description: 'Check name.' }),
    passed: s.boolean({ description: 'Whether the check passed.' }),
    severity: s
      .enum(valuesOf(PreflightSeverity), { description: 'Error blocks the step; Warning does not.' })
      .optional(),
    reason: s.string({ description: 'CamelCase cause.', maxLength: 64 }).optional(),
    message: s.string({ description: 'What was found and what to change.', maxLength: 2048 }).optional(),
    objects: s
      .array(s.string({ description: 'kind/namespace/name of an object involved.', maxLength: 512 }), {
        description: 'Objects the finding is about (at most 10 listed).',
        maxItems: 10,
      })
      .optional(),
  },
  { description: 'Result of one pre-flight check.' },
);

export const abortedReplacement = s.object(
  {
    pool: s.string({ description: 'NodePool name.', maxLength: 253 }),
    outcome: s.enum(valuesOf(ReplacementAbortOutcome), { description: 'How the replacement ended.' }),
  },
  { description: 'A blue/green replacement running when the plan was aborted.' },
);

export const clusterProgress = s.object(
  {
    name: s.string({ description: 'ManagedCluster name.', maxLength: 253 }),
    phase: s.enum(valuesOf(ClusterUpgradePhase), { description: 'Where this cluster is.' }),
    step: s
      .string({ description: 'Current step in words, e.g. "control plane 1.30 -> 1.31".', maxLength: 256 })
      .optional(),
    currentVersion: s.string({ description: 'Control-plane version now.', maxLength: 16 }).optional(),
    startedAt: s.dateTime({ description: 'When this cluster started.' }).optional(),
    finishedAt: s.dateTime({ description: 'When it succeeded, failed or was skipped.' }).optional(),
    blocker: s
      .object(
        {
          reason: s.string({
            description: 'CamelCase cause, e.g. BlockedByPodDisruptionBudget.',
            maxLength: 64,
          }),
          message: s.string({ description: 'What blocks and what would unblock it.', maxLength: 2048 }),
        },
        { description: 'Why the cluster is Blocked or Failed.' },
      )
      .optional(),
    generations: s
      .array(runGeneration, {
        description:
          'specChanges plans: the spec generation of the cluster and each of its NodePools this run takes them to, fixed when the run starts.',
        maxItems: 101,
      })
      .optional(),
    preflight: s
      .array(preflightFinding, { description: 'Latest pre-flight results.', maxItems: 16 })
      .optional(),
    abortedReplacements: s
      .array(abortedReplacement, {
        description:
          'After spec.abort: the blue/green replacements the plan had running here, and how each ended.',
        maxItems: 100,
      })
      .optional(),
  },
  { description: 'Progress of one cluster.' },
);

export const stageProgress = s.object(
  {
    name: s.string({ description: 'Stage name.', maxLength: 63 }),
    phase: s.enum(valuesOf(StagePhase), { description: 'Where the stage is.' }),
    startedAt: s.dateTime({ description: 'When the stage started.' }).optional(),
    finishedAt: s.dateTime({ description: 'When the stage ended.' }).optional(),
    clusters: s
      .array(clusterProgress, {
        description: 'Clusters of the stage: fixed when the stage starts.',
        maxItems: 1000,
      })
      .optional(),
    joinedLate: s
      .array(s.string({ description: 'ManagedCluster name.', maxLength: 253 }), {
        description:
          'Clusters the stage selects that appeared after it started: this plan leaves them out; the next plan upgrades them.',
        maxItems: 1000,
      })
      .optional(),
    message: s
      .string({
        description: 'Why the stage waits, when it does for more than its approval.',
        maxLength: 1024,
      })
      .optional(),
  },
  { description: 'Progress of one stage.' },
);

export const upgradePlanStatus = s.object(
  {
    conditions: conditions(),
    observedGeneration: observedGeneration(),
    phase: s.enum(valuesOf(UpgradePlanPhase), { description: 'Where the plan is.' }).optional(),
    progress: s.string({ description: 'One-line summary of the current step.', maxLength: 256 }).optional(),
    target: s
      .string({
        description:
          'The target in one phrase, for the Target column: the Kubernetes version, "node image" or "snapshot <name>".',
        maxLength: 280,
      })
      .optional(),
    stages: s.array(stageProgress, { description: 'Progress per stage, in order.', maxItems: 16 }).optional(),
    run: s
      .object(
        {
          number: s.integer({ description: 'Runs started so far; this is the latest.', minimum: 1 }),
          startedAt: s.dateTime({
            description: 'When the run started (a selected object held a new generation).',
          }),
          finishedAt: s
            .dateTime({
              description: 'When every stage of the run ended; the plan waits for the next change.',
            })
            .optional(),
        },
        { description: 'specChanges plans: the latest run of the stages for a spec change.' },
      )
      .optional(),
    lastRetry: s
      .string({
        description:
          'The aks.lifecycle.dev/retry value the plan last acted on: a new value on the plan retries its Failed clusters.',
        maxLength: 253,
      })
      .optional(),
    counts: s
      .object(
        {
          total: s.integer({ description: 'Clusters the plan selects.', minimum: 0 }),
          done: s.integer({ description: 'Clusters that reached the target.', minimum: 0 }),
          failed: s.integer({ description: 'Clusters that failed.', minimum: 0 }),
          inProgress: s.integer({ description: 'Clusters being upgraded now.', minimum: 0 }),
        },
        { description: 'Cluster counts.' },
      )
      .optional(),
  },
  { description: 'Observed progress of the plan.' },
);
export type UpgradePlanStatus = Infer<typeof upgradePlanStatus>;
export type StageProgress = Infer<typeof stageProgress>;
export type ClusterProgress = Infer<typeof clusterProgress>;
export type AbortedReplacement = Infer<typeof abortedReplacement>;
export type PreflightFinding = Infer<typeof preflightFinding>;
export type RunGeneration = Infer<typeof runGeneration>;

export interface UpgradePlan {
  apiVersion: typeof API_VERSION;
  kind: typeof Kind.UpgradePlan;
  metadata: ObjectMeta;
  spec: UpgradePlanSpec;
  status?: UpgradePlanStatus;
}

export const upgradePlanDefinition: KindDefinition = {
  kind: Kind.UpgradePlan,
  plural: Plural.UpgradePlan,
  shortNames: ['aup'],
  description:
    'A staged upgrade of a set of ManagedClusters to a Kubernetes version, node image or snapshot.',
  spec: upgradePlanSpec,
  status: upgradePlanStatus,
  printerColumns: [
    {
      name: 'Target',
      type: 'string',
      jsonPath: '.status.target',
      description: 'Target: Kubernetes version, node image or snapshot.',
    },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase', description: 'Plan phase.' },
    {
      name: 'Done',
      type: 'integer',
      jsonPath: '.status.counts.done',
      description: 'Clusters at the target.',
    },
    { name: 'Total', type: 'integer', jsonPath: '.status.counts.total', description: 'Clusters selected.' },
    { name: 'Progress', type: 'string', jsonPath: '.status.progress', description: 'Current step.' },
    READY_COLUMN,
    AGE_COLUMN,
  ],
};
