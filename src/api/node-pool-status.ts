// NodePool status: what Azure and the cluster report about the pool, including upgrade and blue/green
// progress and what blocks a drain.
import {
  appliedGeneration,
  conditions,
  effectiveDeletionPolicyStatus,
  lastOperation,
  observedGeneration,
  PowerState,
} from './common.js';
import { costStatus } from './cost.js';
import { BlueGreenPhase, PoolUpgradePhase } from './node-pool-upgrade.js';
import { s, valuesOf } from './schema.js';
import type { Infer } from './schema.js';

export const blockedBy = s.object(
  {
    kind: s.enum(['Pod', 'PodDisruptionBudget', 'Node', 'NodePool', 'ManagedCluster'] as const, {
      description: 'Kind of the blocking object.',
    }),
    namespace: s.string({ description: 'Namespace, for namespaced kinds.', maxLength: 63 }).optional(),
    name: s.string({ description: 'Name of the blocking object.', maxLength: 253 }),
    reason: s.string({ description: 'CamelCase reason, e.g. BlockedByPodDisruptionBudget.', maxLength: 64 }),
    message: s.string({ description: 'What blocks and what would unblock it.', maxLength: 1024 }),
  },
  { description: 'An object that keeps the upgrade from going on.' },
);

export const nodePoolStatus = s.object(
  {
    conditions: conditions(),
    observedGeneration: observedGeneration(),
    appliedGeneration: appliedGeneration(),
    provisioningState: s
      .string({ description: 'AKS provisioningState of the active pool.', maxLength: 64 })
      .optional(),
    powerState: s.enum(valuesOf(PowerState), { description: 'Power state Azure reports.' }).optional(),
    currentOrchestratorVersion: s
      .string({ description: 'Kubernetes version the nodes run (full patch).', maxLength: 16 })
      .optional(),
    nodeImageVersion: s
      .string({
        description: 'Node image the nodes run, e.g. AKSUbuntu-2204gen2containerd-202601.09.0.',
        maxLength: 128,
      })
      .optional(),
    azureResourceID: s.string({ description: 'ARM ID of the active agent pool.', maxLength: 512 }).optional(),
    vnetSubnetID: s
      .string({
        description:
          "Subnet the nodes are in, as Azure reports it: the declared one, or the one AKS chose (the cluster's first pool's) when the spec names none. Absent in AKS's managed VNet.",
        maxLength: 512,
      })
      .optional(),
    deletionPolicy: effectiveDeletionPolicyStatus(),
    activePoolName: s
      .string({
        description: 'Azure name of the agent pool that currently serves this NodePool.',
        maxLength: 12,
      })
      .optional(),
    nodes: s
      .object(
        {
          desired: s.integer({ description: 'Nodes Azure is asked to run.', minimum: 0 }),
          ready: s.integer({ description: 'Nodes of the pool that are Ready in the cluster.', minimum: 0 }),
        },
        { description: 'Node counts.' },
      )
      .optional(),
    blueGreen: s
      .object(
        {
          twinPoolName: s.string({
            description: 'Azure name of the twin pool being brought in.',
            maxLength: 12,
          }),
          phase: s.enum(valuesOf(BlueGreenPhase), { description: 'Step of the blue/green replacement.' }),
          startedAt: s.dateTime({ description: 'When the replacement started.' }),
          cordonedNodes: s
            .array(s.string({ description: 'A node name.', maxLength: 253 }), {
              description: 'Nodes the operator cordoned (only these are uncordoned on rollback).',
              maxItems: 1000,
            })
            .optional(),
          stalledGeneration: s
            .integer({
              description:
                'metadata.generation at which the replacement stalled because its twin failed or vanished; a later generation or new request annotations (e.g. the retry annotation) put the twin again.',
              minimum: 0,
              format: 'int64',
            })
            .optional(),
          abortedBy: s
            .string({
              description:
                'Value of the abort-replacement annotation that rolls this replacement back; once set the rollback goes to its end.',
              maxLength: 253,
            })
            .optional(),
        },
        { description: 'Blue/green replacement in progress.' },
      )
      .optional(),
    upgrade: s
      .object(
        {
          phase: s.enum(valuesOf(PoolUpgradePhase), { description: 'Where the upgrade is.' }),
          step: s
            .string({
              description: 'Current step in words, e.g. "draining node aks-user-1".',
              maxLength: 256,
            })
            .optional(),
          startedAt: s.dateTime({ description: 'When the upgrade started.' }).optional(),
          targetVersion: s.string({ description: 'Target Kubernetes version.', maxLength: 16 }).optional(),
          requestedBy: s
            .string({
              description:
                'The request annotations (UpgradePlan, targets) this upgrade serves, so a plan tells its own upgrade from an earlier one.',
              maxLength: 1024,
            })
            .optional(),
          blockedBy: s
            .array(blockedBy, { description: 'What keeps the upgrade from going on.', maxItems: 16 })
            .optional(),
        },
        { description: 'Upgrade in progress, if any.' },
      )
      .optional(),
    deletion: s
      .object(
        {
          blockedAttempts: s.integer({
            description:
              'Agent pool DELETEs in a row that AKS stopped because a PodDisruptionBudget blocked the drain.',
            minimum: 0,
          }),
          nextAttemptAt: s.dateTime({
            description: 'The next DELETE is not sent before this time, unless the spec changes.',
          }),
          blockedBy: s
            .array(blockedBy, { description: 'The pod and PDB that blocked the last DELETE.', maxItems: 16 })
            .optional(),
        },
        { description: 'A deletion held up by a PodDisruptionBudget, while the NodePool is being deleted.' },
      )
      .optional(),
    lastOperation: lastOperation(),
    drift: s
      .array(s.string({ description: 'A field path.', maxLength: 256 }), {
        description: 'Spec fields Azure has at other values (changed outside the operator).',
        maxItems: 64,
      })
      .optional(),
    cost: costStatus.optional(),
  },
  { description: 'Observed state of the agent pool.' },
);
export type NodePoolStatus = Infer<typeof nodePoolStatus>;
export type BlockedBy = Infer<typeof blockedBy>;
