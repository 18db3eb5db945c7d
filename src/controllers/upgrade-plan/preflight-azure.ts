// The pre-flight checks of one step that read Azure, not the workload cluster: VersionSkew of every agent
// pool after a control-plane step, and the vCPU quota the surge nodes or twin pool of a pool step need
// (Microsoft.Compute usages per VM family and region). Pure: the runner reads Azure and passes it in.
import type * as Arm from '@azure/arm-containerservice';
import type { ManagedCluster, NodePool } from '../../api/index.js';
import type { Subnet } from '../../azure/index.js';
import {
  checkQuotaHeadroom,
  checkSubnetCapacity,
  extraNodes,
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
export type DrainStep = Exclude<ClusterStep, { kind: 'ControlPlane' } | { kind: 'Release' }>;

export const isDrainStep = (step: ClusterStep): step is DrainStep =>
  step.kind !== 'ControlPlane' && step.kind !== 'Release';

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

/** AKS's maxPods for Azure CNI when a pool does not say. */
const AZURE_CNI_MAX_PODS = 30;

/** Azure CNI without overlay gives pods VNet addresses, reserved per node up front. */
export function usesAzureCniAddresses(cluster: ManagedCluster): boolean {
  const plugin = cluster.spec.networkProfile?.networkPlugin ?? cluster.status?.settings?.networkPlugin;
  const mode = cluster.spec.networkProfile?.networkPluginMode ?? cluster.status?.settings?.networkPluginMode;
  return plugin === 'azure' && mode !== 'overlay';
}

const sameId = (a: string | undefined, b: string): boolean => a?.toLowerCase() === b.toLowerCase();

/**
 * Addresses the step's new nodes need in the pool's node subnet (and pod subnet) against what the
 * cluster's pools in them hold now. `subnets` holds the subnets read, by ID.
 */
export function subnetFindings(o: {
  step: DrainStep;
  agentPool: Arm.AgentPool;
  agentPools: readonly Arm.AgentPool[];
  nodePool?: NodePool;
  isAzureCni: boolean;
  subnets: ReadonlyMap<string, Subnet>;
}): Finding[] {
  const { agentPool, step } = o;
  const nodeSubnet = agentPool.vnetSubnetID ? o.subnets.get(agentPool.vnetSubnetID.toLowerCase()) : undefined;
  if (!nodeSubnet) return [];
  const maxPods = (p: Arm.AgentPool): number => p.maxPods ?? AZURE_CNI_MAX_PODS;
  // Without a pod subnet, Azure CNI (not overlay) takes maxPods node-subnet addresses per node.
  const perNode = (p: Arm.AgentPool): number => (o.isAzureCni && !p.podSubnetID ? 1 + maxPods(p) : 1);
  const heldIn = (id: string, take: (p: Arm.AgentPool) => number, key: 'vnetSubnetID' | 'podSubnetID') =>
    o.agentPools.filter((p) => sameId(p[key], id)).reduce((n, p) => n + (p.count ?? 0) * take(p), 0);
  const count = agentPool.count ?? 0;
  const maxSurge = agentPool.upgradeSettings?.maxSurge;
  const extra = extraNodes({
    name: agentPool.name ?? step.pool,
    count: step.strategy === 'BlueGreen' && o.nodePool ? twinNodeCount(o.nodePool, count) : count,
    vmSize: agentPool.vmSize ?? '',
    family: '',
    vcpusPerVm: 0,
    strategy: step.strategy === 'BlueGreen' ? 'BlueGreen' : 'Surge',
    ...(maxSurge ? { maxSurge } : {}),
  });
  const podSubnet = agentPool.podSubnetID ? o.subnets.get(agentPool.podSubnetID.toLowerCase()) : undefined;
  return checkSubnetCapacity({
    poolName: agentPool.name ?? step.pool,
    extraNodes: extra,
    nodeSubnet: {
      ...nodeSubnet,
      used: heldIn(nodeSubnet.id, perNode, 'vnetSubnetID'),
      perNode: perNode(agentPool),
    },
    ...(podSubnet
      ? {
          podSubnet: {
            ...podSubnet,
            used: heldIn(podSubnet.id, maxPods, 'podSubnetID'),
            perNode: maxPods(agentPool),
          },
        }
      : {}),
  });
}

/** A subnet of the pool that Azure does not show: reported, not blocking; AKS judges it when asked. */
export function subnetUnreadable(id: string, why: string): Finding {
  return {
    severity: Severity.Warning,
    reason: FindingReason.SubnetUnreadable,
    subject: `subnet ${id}`,
    message: `cannot read subnet ${id} (${why}), so the addresses of surge or twin nodes are not checked ahead; grant the cluster's identity Reader on its virtual network, or list SubnetCapacity in spec.preflight.skip`,
  };
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
