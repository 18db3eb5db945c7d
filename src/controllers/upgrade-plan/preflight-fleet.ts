// Pre-flight AddressSpaceOverlap: the routable ranges of the plan's clusters (the VNet subnets their pools
// name, read from Microsoft.Network) must not overlap between clusters, nor a cluster's service range its
// own subnets. Pod CIDRs of overlay and kubenet stay behind NAT and are not compared between clusters.
import type { ManagedCluster, NodePool } from '../../api/index.js';
import type { Subnet } from '../../azure/index.js';
import {
  FindingReason,
  findCidrOverlaps,
  Severity,
  type ClusterNetworks,
  type Finding,
} from '../../preflight/index.js';
import { clusterSubnetIds } from '../shared/cluster-subnets.js';

/** One cluster of the plan and its NodePools. */
export interface FleetMember {
  cluster: ManagedCluster;
  pools: readonly NodePool[];
}

export type SubnetReader = (
  cluster: ManagedCluster,
  id: string,
  signal: AbortSignal,
) => Promise<Subnet | undefined>;

const involves = (finding: Finding, name: string): boolean =>
  finding.subject === `cluster ${name}` ||
  (finding.subject.startsWith('clusters ') &&
    finding.subject.slice('clusters '.length).split(', ').includes(name));

/** Overlaps that involve `name`, among the fleet's ranges; a subnet that cannot be read is a warning. */
export async function fleetOverlaps(o: {
  name: string;
  fleet: readonly FleetMember[];
  subnet: SubnetReader;
  signal: AbortSignal;
}): Promise<Finding[]> {
  const read = new Map<string, Subnet>();
  const unreadable: Finding[] = [];
  const networks: ClusterNetworks[] = [];
  for (const member of o.fleet) {
    const subnets: { id: string; addressPrefixes: string[] }[] = [];
    for (const id of clusterSubnetIds(member.cluster, member.pools)) {
      let subnet = read.get(id.toLowerCase());
      if (!subnet) {
        try {
          subnet = await o.subnet(member.cluster, id, o.signal);
        } catch (err: unknown) {
          if (o.signal.aborted) throw err;
          unreadable.push({
            severity: Severity.Warning,
            reason: FindingReason.SubnetUnreadable,
            subject: `subnet ${id}`,
            message: `cannot read subnet ${id} of cluster ${member.cluster.metadata.name ?? ''} (${err instanceof Error ? err.message : String(err)}), so its range is not compared with the fleet's; grant the cluster's identity Reader on its virtual network, or list AddressSpaceOverlap in spec.preflight.skip`,
          });
          continue;
        }
        if (!subnet) continue; // The NodePool names a subnet Azure lacks: its own condition says so.
        read.set(id.toLowerCase(), subnet);
      }
      subnets.push({ id, addressPrefixes: subnet.addressPrefixes });
    }
    const serviceCidr = member.cluster.spec.networkProfile?.serviceCidr;
    networks.push({
      name: member.cluster.metadata.name ?? '',
      podCidrs: [],
      serviceCidrs: serviceCidr ? [serviceCidr] : [],
      subnets,
    });
  }
  return [...findCidrOverlaps(networks).filter((f) => involves(f, o.name)), ...unreadable];
}
