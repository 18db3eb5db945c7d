// NodePool spec sections about replacing nodes: node image policy, upgrade strategy (AKS surge or the
// operator's blue/green twin pool) and standby capacity; plus the phases reported while they run.
import { localRef } from './common.js';
import { POOL_NAME_PATTERN } from './pool-fields.js';
import { s, valuesOf } from './schema.js';
import { DrainTimeoutAction } from './drain-timeout-action.js';
import { DrainRollouts } from './drain-rollouts.js';

export const NodeImagePolicy = {
  /** The operator moves the pool to the newest node image AKS offers, inside the cluster's aksManagedNodeOSUpgradeSchedule window. */
  Latest: 'Latest',
  /** Keep the image the nodes run; change it only on an explicit request (nodeImage.snapshotRef, an UpgradePlan, the node-image-target annotation). */
  Pinned: 'Pinned',
} as const;
export type NodeImagePolicy = (typeof NodeImagePolicy)[keyof typeof NodeImagePolicy];

export const UpgradeStrategy = {
  /** AKS replaces nodes in place with surge nodes (upgradeSettings). */
  Surge: 'Surge',
  /** The operator creates a twin pool at the new version, drains this one into it, then deletes it. */
  BlueGreen: 'BlueGreen',
} as const;
export type UpgradeStrategy = (typeof UpgradeStrategy)[keyof typeof UpgradeStrategy];

export const ScaleSetPriority = { Regular: 'Regular', Spot: 'Spot' } as const;
export type ScaleSetPriority = (typeof ScaleSetPriority)[keyof typeof ScaleSetPriority];

export const BlueGreenPhase = {
  /** Creating the twin pool at the new version. */
  CreatingTwin: 'CreatingTwin',
  /** Waiting until the twin pool succeeded and all its nodes are Ready. */
  WaitingForTwin: 'WaitingForTwin',
  /** Cordoning the old pool's nodes (after pinning its autoscaler). */
  Cordoning: 'Cordoning',
  /** Evicting pods from the old pool in batches, honouring PDBs. */
  Draining: 'Draining',
  /** Deleting the old pool; the twin becomes the active pool. */
  DeletingOld: 'DeletingOld',
  /** The twin is active and the old pool gone. */
  Completed: 'Completed',
  /**
   * The twin failed or vanished: the old nodes are uncordoned and the replacement stalls until a retry is
   * asked. On request (the abort-replacement annotation): the old nodes are uncordoned and the twin's
   * nodes drained back to them.
   */
  RollingBack: 'RollingBack',
  /** Rolling back on request: the twin is drained; deleting it, then the old pool is the active pool again. */
  DeletingTwin: 'DeletingTwin',
} as const;
export type BlueGreenPhase = (typeof BlueGreenPhase)[keyof typeof BlueGreenPhase];

export const PoolUpgradePhase = {
  Pending: 'Pending',
  /** AKS surge upgrade or node-image upgrade running. */
  Upgrading: 'Upgrading',
  /** Blue/green replacement running; see status.blueGreen. */
  Replacing: 'Replacing',
  /** Waiting on something the user can fix; see blockedBy. */
  Blocked: 'Blocked',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  /** A blue/green replacement was rolled back on request (abort-replacement annotation): the old pool serves. */
  RolledBack: 'RolledBack',
} as const;
export type PoolUpgradePhase = (typeof PoolUpgradePhase)[keyof typeof PoolUpgradePhase];

export const nodeImage = s.object(
  {
    policy: s
      .enum(valuesOf(NodeImagePolicy), {
        description:
          "Who moves the pool's node image. Unset: AKS, through the cluster's autoUpgradeProfile.nodeOSUpgradeChannel, and requests (an UpgradePlan, the node-image-target annotation). Latest: the operator moves the pool to the newest node image AKS offers (inside the cluster's aksManagedNodeOSUpgradeSchedule window when declared). Pinned: keep the current image unless snapshotRef, an UpgradePlan or the node-image-target annotation asks for another. Both hold only while the cluster's nodeOSUpgradeChannel is None or Unmanaged; otherwise the NodeImagePolicy condition reports NodeImageChannelConflict.",
      })
      .optional(),
    snapshotRef: localRef(
      'With policy Pinned: NodePoolSnapshot whose node image the pool runs; changing it upgrades the pool to that image.',
    ).optional(),
  },
  {
    description: 'Which node image the nodes run.',
    default: {},
    rules: [
      {
        rule: "!has(self.snapshotRef) || (has(self.policy) && self.policy == 'Pinned')",
        message: 'nodeImage.snapshotRef needs policy: Pinned (a Latest pool follows the newest image)',
      },
    ],
  },
);

export const blueGreen = s.object(
  {
    preScale: s.boolean({
      description:
        'Create the twin pool at the current node count before draining, so capacity exists first.',
      default: true,
    }),
    drainBatchSize: s.intOrString({
      description: 'Nodes of the old pool drained at once: a count or a percentage of the pool, rounded up.',
      maxLength: 4,
      default: 1,
      rules: [
        {
          rule: "type(self) == int ? self >= 1 : self.matches('^([1-9][0-9]?|100)%$')",
          message: 'drainBatchSize must be a node count of at least 1 or a percentage from 1% to 100%',
        },
      ],
    }),
    drainTimeoutInMinutes: s.integer({
      description: 'Per-node limit on evictions before the replacement stops and reports the blocking pods.',
      minimum: 1,
      maximum: 1440,
      default: 30,
    }),
    onDrainTimeout: s.enum(valuesOf(DrainTimeoutAction), {
      description:
        'When a node is still not drained after drainTimeoutInMinutes: Wait (report the blocking pods and keep trying), CordonOnly (leave it cordoned with its pods, report it and go on; deleting the old pool then removes them) or Force (delete the remaining pods, bypassing PodDisruptionBudgets, with a Warning event per pod).',
      default: 'Wait',
    }),
    rollouts: s
      .enum(valuesOf(DrainRollouts), {
        description:
          'Allowed: when a pod\'s PodDisruptionBudget allows no eviction only because its workload is at its minimum (one replica, or minAvailable equal to the replicas), roll its Deployment instead (as kubectl rollout restart), so the surge brings a new pod up on the new nodes before the old one goes. Only Deployments whose owner set the annotation aks.lifecycle.dev/drain-rollout: "allowed", with strategy RollingUpdate, maxSurge of at least one pod, maxUnavailable of zero pods and no ReadWriteOnce volume; StatefulSets and bare pods never. Unset or Never: only evict.',
      })
      .optional(),
    batchSoakDurationInMinutes: s.integer({
      description: 'Wait after each drained batch before the next.',
      minimum: 0,
      maximum: 1440,
      default: 0,
    }),
    twinAzureName: s
      .string({
        description:
          'Azure name of the twin pool. When omitted the operator derives one from azureName; pools alternate between the two names.',
        pattern: POOL_NAME_PATTERN,
        maxLength: 12,
      })
      .optional(),
  },
  { description: 'Settings of the BlueGreen strategy (also used when an UpgradePlan picks BlueGreen).' },
);

export const standby = s.object(
  {
    poolRef: localRef(
      'NodePool (User mode, count 0) scaled out as standby capacity. The pool is yours: declare it like any other NodePool.',
    ),
    pendingPodThresholdSeconds: s.integer({
      description: 'Scale out standby capacity once pods for this pool stay Pending this long.',
      minimum: 10,
      maximum: 3600,
      default: 60,
    }),
  },
  {
    description:
      'Overflow capacity for this pool: when its pods stay Pending, the operator scales out the NodePool named by poolRef.',
  },
);
