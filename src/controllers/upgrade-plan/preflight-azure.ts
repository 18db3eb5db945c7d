// The pre-flight checks of one step that read Azure, not the workload cluster: VersionSkew of every agent
// pool after a control-plane step, and the vCPU quota the surge nodes or twin pool of a pool step need
// (Microsoft.Compute usages per VM family and region). Pure: the runner reads Azure and passes it in.
import type * as Arm from '@azure/arm-containerservice';
import type { NodePool } from '../../api/index.js';
import {
  checkQuotaHeadroom,
  checkVersionSkew,
  FindingReason,
  Severity,
  type Finding,
  type QuotaUsage,
} from '../../preflight/index.js';
import { quotaFamily } from '../shared/vm-family.js';
import { vmSizeFacts } from '../shared/vm-sizes.js';
import type { ClusterStep } from './cluster-steps.js';

/** A step that replaces or reimages a pool's nodes, draining them. */
export type DrainStep = Exclude<ClusterStep, { kind: 'ControlPlane' }>;

export const isDrainStep = (step: ClusterStep): step is DrainStep => step.kind !== 'ControlPlane';

/** The agent pool serving the NodePool now: a blue/green twin's name after a replacement, else its own. */
export function servingAgentPool(np: NodePool): string {
  return np.status?.activePoolName ?? np.spec.azureName ?? np.metadata.name ?? '';
}

/** The agent pool a drain step works on, by the NodePool the step names. */
export function stepAgentPool(step: DrainStep, pools: readonly NodePool[]): string {
  const np = pools.find((p) => p.metadata.name === step.pool);
  return np ? servingAgentPool(np) : step.pool;
}

/** Every agent pool Azure lists, at the control-plane version after the step. */
export function skewFindings(step: ClusterStep, agentPools: readonly Arm.AgentPool[]): Finding[] {
  if (step.kind !== 'ControlPlane') return [];
  const pools = agentPools.flatMap((p) => {
    const version = p.currentOrchestratorVersion ?? p.orchestratorVersion;
    return p.name && version ? [{ name: p.name, version }] : [];
  });
  return checkVersionSkew({ controlPlane: step.to, pools });
}

/** vCPUs the step's surge nodes (Surge) or twin pool (BlueGreen) need, against the usages. */
export function quotaFindings(o: {
  step: DrainStep;
  agentPool: Arm.AgentPool;
  /** The NodePool of the step's pool, which sizes a twin. */
  nodePool?: NodePool;
  usages: readonly QuotaUsage[];
}): Finding[] {
  const { agentPool, step } = o;
  const vmSize = agentPool.vmSize ?? '';
  const facts = vmSizeFacts(vmSize);
  const derived = quotaFamily(vmSize);
  // A VM size the operator does not know is left for Azure to judge.
  if (!facts || !derived) return [];
  // Usages name families with Azure's capitals (standardDSv3Family): use theirs, matched regardless of case.
  const family = o.usages.find((u) => u.name.toLowerCase() === derived.toLowerCase())?.name ?? derived;
  const { usages } = o;
  const count = agentPool.count ?? 0;
  const twinCount = o.nodePool ? twinNodeCount(o.nodePool, count) : count;
  const maxSurge = agentPool.upgradeSettings?.maxSurge;
  return checkQuotaHeadroom(
    [
      {
        name: agentPool.name ?? step.pool,
        count: step.strategy === 'BlueGreen' ? twinCount : (agentPool.count ?? 0),
        vmSize,
        family,
        vcpusPerVm: facts.vCpus,
        strategy: step.strategy === 'BlueGreen' ? 'BlueGreen' : 'Surge',
        ...(maxSurge ? { maxSurge } : {}),
      },
    ],
    [...usages],
  );
}

/** Nodes a blue/green twin starts with: the old pool's count within the autoscaler's range (preScale), else the spec's size. */
export function twinNodeCount(np: NodePool, oldCount: number): number {
  const { autoscaling } = np.spec;
  if (np.spec.blueGreen?.preScale ?? true) {
    return Math.min(Math.max(oldCount, autoscaling?.minCount ?? 0), autoscaling?.maxCount ?? oldCount);
  }
  return np.spec.count ?? autoscaling?.minCount ?? oldCount;
}

/** The usages could not be read: reported, not blocking, as Azure still judges the quota when asked. */
export function quotaUnreadable(scope: string, err: unknown): Finding {
  return {
    severity: Severity.Warning,
    reason: FindingReason.QuotaUnreadable,
    subject: `quota ${scope}`,
    message: `cannot read the vCPU quota of ${scope} (${err instanceof Error ? err.message : String(err)}), so surge or twin nodes are not checked ahead; grant the cluster's identity Microsoft.Compute/locations/usages/read, or list QuotaHeadroom in spec.preflight.skip`,
  };
}
