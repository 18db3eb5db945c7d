// The subnets a new pool joins, read before its create (Reader on the VNet is enough): AKS refuses a
// subnet that does not exist, a delegated node subnet, and a subnet with fewer free addresses than the
// pool reserves at its largest. Read here, each is a named condition before any agent-pool call.
import { NodePoolReason, type ManagedCluster, type NodePoolSpec } from '../../api/index.js';
import type { Subnet, SubnetsArm } from '../../azure/index.js';
import type { SpecProblem } from '../shared/spec-problem.js';

/** Azure keeps five addresses of every subnet for itself. */
const RESERVED_PER_SUBNET = 5;

export interface SubnetCheckInput {
  spec: NodePoolSpec;
  cluster: ManagedCluster;
  subnets: SubnetsArm;
  signal: AbortSignal;
}

/** The first problem with the pool's subnets, or undefined (also when the spec names none). */
export async function checkPoolSubnets(input: SubnetCheckInput): Promise<SpecProblem | undefined> {
  const { spec } = input;
  const node = spec.vnetSubnetID;
  if (!node) return undefined;
  const nodeSubnet = await input.subnets.get(node, input.signal);
  if (!nodeSubnet) return notFound('spec.vnetSubnetID', node);
  if (nodeSubnet.delegations.length > 0) {
    return {
      reason: NodePoolReason.SubnetIsDelegated,
      field: 'spec.vnetSubnetID',
      message: `subnet ${node} is delegated to ${nodeSubnet.delegations.join(', ')}; AKS puts nodes only in undelegated subnets: pick another subnet or remove the delegation`,
    };
  }
  const pod = spec.podSubnetID;
  const podSubnet = pod ? await input.subnets.get(pod, input.signal) : undefined;
  if (pod && !podSubnet) return notFound('spec.podSubnetID', pod);
  const nodes = reservedNodes(spec);
  const perNode = !pod && usesAzureCniAddresses(input.cluster) ? (spec.maxPods ?? 110) + 1 : 1;
  return (
    tooSmall({ field: 'spec.vnetSubnetID', subnet: nodeSubnet, required: nodes * perNode, nodes }) ??
    (podSubnet
      ? tooSmall({
          field: 'spec.podSubnetID',
          subnet: podSubnet,
          required: nodes * (spec.maxPods ?? 110),
          nodes,
        })
      : undefined)
  );
}

function notFound(field: string, id: string): SpecProblem {
  return {
    reason: NodePoolReason.SubnetNotFound,
    field,
    message: `subnet ${id} does not exist (or its VNet does not, or the operator's identity cannot read it); create it or fix ${field}`,
  };
}

function tooSmall(input: {
  field: string;
  subnet: Subnet;
  required: number;
  nodes: number;
}): SpecProblem | undefined {
  const { field, subnet, required, nodes } = input;
  const available = subnet.addressPrefixes.reduce(
    (n, p) => n + Math.max(0, cidrSize(p) - RESERVED_PER_SUBNET),
    0,
  );
  if (required <= available) return undefined;
  return {
    reason: NodePoolReason.InsufficientSubnetSize,
    field,
    message: `the pool reserves ${required} addresses (${nodes} nodes at its largest, surge included) but subnet ${subnet.id} (${subnet.addressPrefixes.join(', ')}) offers ${available}; use a larger subnet, fewer nodes or lower maxPods${field === 'spec.vnetSubnetID' ? ', or a pod subnet' : ''}`,
  };
}

/** Azure CNI without overlay gives pods node-subnet addresses, reserved per node up front. */
function usesAzureCniAddresses(cluster: ManagedCluster): boolean {
  const plugin = cluster.spec.networkProfile?.networkPlugin ?? cluster.status?.settings?.networkPlugin;
  const mode = cluster.spec.networkProfile?.networkPluginMode ?? cluster.status?.settings?.networkPluginMode;
  return plugin === 'azure' && mode !== 'overlay';
}

/** Nodes the pool may run: the autoscaler's maximum (else the count) and an upgrade's surge nodes. */
function reservedNodes(spec: NodePoolSpec): number {
  const nodes = spec.autoscaling?.maxCount ?? spec.count ?? 0;
  const surge = String(spec.upgradeSettings?.maxSurge ?? '10%');
  const extra = surge.endsWith('%') ? Math.ceil((Number(surge.slice(0, -1)) / 100) * nodes) : Number(surge);
  return nodes + (Number.isFinite(extra) ? extra : 1);
}

/** Addresses in an IPv4 CIDR; 0 when it is not one. */
function cidrSize(cidr: string): number {
  const bits = /^\d{1,3}(\.\d{1,3}){3}\/(\d{1,2})$/.exec(cidr.trim())?.[2];
  return bits === undefined ? 0 : 2 ** (32 - Math.min(32, Number(bits)));
}
