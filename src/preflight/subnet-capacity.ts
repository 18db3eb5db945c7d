// Pre-flight SubnetCapacity: the surge nodes (or blue/green twin) of a pool step take addresses in the
// pool's subnets beside what the pools already there hold: one per node, plus maxPods per node where pods
// take VNet addresses (Azure CNI without overlay: from the node subnet, or from the pod subnet). AKS
// refuses the upgrade mid-way when the subnet runs out.

import { FindingReason, Severity } from './findings.js';
import type { Finding } from './findings.js';
import { parseCidr } from './cidr-overlap.js';

/** Azure keeps five addresses of every subnet for itself. */
export const RESERVED_PER_SUBNET = 5;

export interface SubnetUse {
  /** Subnet ID. */
  id: string;
  addressPrefixes: string[];
  /** Addresses the pools in the subnet hold now. */
  used: number;
}

export interface SubnetCapacityInput {
  poolName: string;
  /** Nodes the step adds at once (surge or twin). */
  extraNodes: number;
  /** Addresses each new node takes in its node subnet (1, or 1 + maxPods for Azure CNI without a pod subnet). */
  nodeSubnet: SubnetUse & { perNode: number };
  /** The pod subnet, where each new node takes maxPods addresses. */
  podSubnet?: SubnetUse & { perNode: number };
}

/** Addresses of a subnet's IPv4 ranges that nodes and pods may take. */
export function usableAddresses(addressPrefixes: readonly string[]): number {
  return addressPrefixes.reduce((n, prefix) => {
    const range = parseCidr(prefix);
    if (!range || range.family !== 4) return n;
    return n + Math.max(0, Number(range.end - range.start + 1n) - RESERVED_PER_SUBNET);
  }, 0);
}

function shortfall(
  input: SubnetCapacityInput,
  subnet: SubnetUse & { perNode: number },
  kind: string,
): Finding | undefined {
  const free = usableAddresses(subnet.addressPrefixes) - subnet.used;
  const need = input.extraNodes * subnet.perNode;
  if (need <= free) return undefined;
  return {
    severity: Severity.Error,
    reason: FindingReason.SubnetFull,
    subject: `subnet ${subnet.id}`,
    message: `the ${input.extraNodes} new node(s) of pool ${input.poolName} need ${need} addresses in its ${kind} subnet ${subnet.id} (${subnet.addressPrefixes.join(', ')}) but only ${Math.max(0, free)} are free (${subnet.used} held by the pools in it); lower maxSurge, add an address range to the subnet, or lower maxPods`,
  };
}

export function checkSubnetCapacity(input: SubnetCapacityInput): Finding[] {
  return [
    shortfall(input, input.nodeSubnet, 'node'),
    input.podSubnet ? shortfall(input, input.podSubnet, 'pod') : undefined,
  ].filter((f): f is Finding => f !== undefined);
}
