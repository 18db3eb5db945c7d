// AddressSpaceOverlap of a ManagedCluster, decided purely: the VNet subnets of the cluster must not
// overlap those of another cluster of its fleet (the clusters one UpgradePlan selects), since VNets with
// overlapping ranges cannot be peered. Reported, never acted on: the condition holds nothing back.
import {
  ManagedClusterConditionType,
  ManagedClusterReason,
  type ManagedCluster,
  type ManagedClusterStatus,
} from '../../api/index.js';
import { FindingReason, findCidrOverlaps, type ClusterNetworks } from '../../preflight/index.js';
import {
  ConditionStatus,
  getCondition,
  type ConditionUpdate,
  type EventRecorder,
} from '../../runtime/index.js';
import type { StatusReport } from '../shared/status-report.js';
import type { FleetNetworks } from './fleet-networks.js';

/** One cluster of a fleet and its subnets as read from Microsoft.Network. */
export interface MemberNetwork {
  name: string;
  subnets: { id: string; addressPrefixes: string[] }[];
  /** Subnets the cluster names that could not be read, and why. */
  unreadable: { id: string; cause: string }[];
}

/** The clusters one UpgradePlan selects (the cluster itself among them). */
export interface Fleet {
  plan: string;
  members: MemberNetwork[];
}

export interface AddressOverlapInput {
  /** The cluster the condition is for. */
  name: string;
  /** Every fleet the cluster belongs to; none when no plan selects it. */
  fleets: Fleet[];
}

/** Overlaps named in one message at most; the rest are counted. */
const MAX_NAMED = 4;

// Code-unit order, so the message does not depend on the process's locale.
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const networksOf = (m: MemberNetwork): ClusterNetworks => ({
  name: m.name,
  // Pod CIDRs of overlay and kubenet stay behind NAT; with Azure CNI pods take subnet addresses.
  podCidrs: [],
  // Service ranges are virtual and may repeat between clusters; AKS checks a cluster's own.
  serviceCidrs: [],
  subnets: m.subnets,
});

/** The first few items joined by `separator`, and how many more there are. */
function listed(items: string[], separator: string): string {
  const named = items.slice(0, MAX_NAMED).join(separator);
  return items.length > MAX_NAMED ? `${named}${separator}and ${items.length - MAX_NAMED} more` : named;
}

/** The condition for the cluster; undefined when no plan selects it (the condition is then removed). */
export function decideAddressOverlap(input: AddressOverlapInput): ConditionUpdate | undefined {
  if (input.fleets.length === 0) return undefined;
  const type = ManagedClusterConditionType.AddressSpaceOverlap;
  const fleets = [...input.fleets].sort((a, b) => byText(a.plan, b.plan));
  const overlaps = new Map<string, string>();
  const unreadable = new Map<string, string>();
  const others = new Set<string>();
  for (const fleet of fleets) {
    const self = fleet.members.find((m) => m.name === input.name);
    if (!self) continue;
    const members = [...fleet.members].sort((a, b) => byText(a.name, b.name));
    for (const m of members) {
      for (const u of m.unreadable)
        unreadable.set(
          u.id.toLowerCase(),
          `cannot read subnet ${u.id} of cluster ${m.name} (${u.cause}); grant the identity of cluster ${m.name} Reader on its virtual network`,
        );
      if (m.name === input.name) continue;
      others.add(m.name);
      for (const f of findCidrOverlaps([networksOf(self), networksOf(m)])) {
        if (f.reason !== FindingReason.CidrOverlap || overlaps.has(f.message)) continue;
        overlaps.set(f.message, `with cluster ${m.name} of UpgradePlan ${fleet.plan}: ${f.message}`);
      }
    }
  }
  const plans = fleets.map((f) => f.plan).join(', ');
  if (overlaps.size > 0)
    return {
      type,
      status: ConditionStatus.True,
      reason: ManagedClusterReason.CidrOverlap,
      message: `${listed([...overlaps.values()], '; ')}. List AddressSpaceOverlap in the plan's spec.preflight.skip when its clusters never route to each other`,
    };
  if (unreadable.size > 0)
    return {
      type,
      status: ConditionStatus.Unknown,
      reason: ManagedClusterReason.SubnetUnreadable,
      message: `${listed([...unreadable.values()], '; ')}; until then its ranges are not compared`,
    };
  const names = [...others].sort(byText);
  return {
    type,
    status: ConditionStatus.False,
    reason: ManagedClusterReason.NoCidrOverlap,
    message:
      names.length === 0
        ? `no other cluster is selected by UpgradePlan ${plans}`
        : `no subnet of the cluster overlaps those of ${listed(names, ', ')} (UpgradePlan ${plans})`,
  };
}

/**
 * Observes the cluster's fleets and sets AddressSpaceOverlap in the report, or removes it outside any
 * fleet; a Warning event when it turns True.
 */
export async function reportAddressOverlap(o: {
  fleet: FleetNetworks;
  events: EventRecorder;
  mc: ManagedCluster;
  report: StatusReport<ManagedClusterStatus>;
  signal: AbortSignal;
}): Promise<void> {
  const type = ManagedClusterConditionType.AddressSpaceOverlap;
  const update = decideAddressOverlap(await o.fleet.observe(o.mc, o.signal));
  if (!update) {
    o.report.withoutCondition(type);
    return;
  }
  const wasTrue = getCondition(o.mc.status?.conditions, type)?.status === ConditionStatus.True;
  o.report.condition(update);
  if (update.status === ConditionStatus.True && !wasTrue)
    void o.events.event(
      o.mc,
      { type: 'Warning', reason: update.reason, message: update.message ?? '' },
      o.signal,
    );
}
