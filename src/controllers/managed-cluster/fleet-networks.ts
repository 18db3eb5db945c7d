// The fleets of a ManagedCluster (the clusters each UpgradePlan of its namespace selects, unless the plan
// skips AddressSpaceOverlap) from the informer caches, with the ranges of their subnets from
// Microsoft.Network: each subnet is read once per maxAgeMs whatever the number of clusters naming it.
import { PreflightCheck, type ManagedCluster, type NodePool, type UpgradePlan } from '../../api/index.js';
import type { Subnet } from '../../azure/index.js';
import { selectorMatches, type ObjectKey } from '../../runtime/index.js';
import { clusterAccess } from '../shared/cluster-access.js';
import { clusterSubnetIds } from '../shared/cluster-subnets.js';
import type { ControllerContext } from '../shared/controller-context.js';
import type { ObjectCache } from '../shared/object-cache.js';
import type { AddressOverlapInput, MemberNetwork } from './address-overlap.js';

/** How long a subnet's ranges are trusted: Azure refuses to change the range of a subnet in use. */
export const SUBNET_RANGES_MAX_AGE_MS = 10 * 60 * 1000;
/** How soon a subnet that could not be read is tried again. */
const UNREADABLE_RETRY_MS = 60 * 1000;

export interface FleetNetworksOptions {
  ctx: ControllerContext;
  plans: ObjectCache<UpgradePlan>;
  clusters: ObjectCache<ManagedCluster>;
  pools: ObjectCache<NodePool>;
  /** How long a subnet read is reused. Default SUBNET_RANGES_MAX_AGE_MS. */
  maxAgeMs?: number;
}

type Answer = { subnet: Subnet | undefined } | { cause: string };

const keyOf = (mc: ManagedCluster): ObjectKey => ({
  namespace: mc.metadata.namespace ?? '',
  name: mc.metadata.name ?? '',
});

export class FleetNetworks {
  private readonly answers = new Map<string, { at: number; answer: Answer }>();
  private readonly maxAgeMs: number;

  constructor(private readonly opts: FleetNetworksOptions) {
    this.maxAgeMs = opts.maxAgeMs ?? SUBNET_RANGES_MAX_AGE_MS;
  }

  /** The plans whose fleet the cluster is in: those of its namespace selecting it and checking overlaps. */
  plansOf(mc: ManagedCluster): UpgradePlan[] {
    return this.opts.plans
      .list(mc.metadata.namespace ?? '')
      .filter(
        (p) =>
          !p.spec.preflight?.skip?.includes(PreflightCheck.AddressSpaceOverlap) &&
          selectorMatches(p.spec.clusterSelector ?? {}, mc.metadata.labels),
      );
  }

  /** The clusters a plan's fleet holds. */
  membersOf(plan: UpgradePlan): ManagedCluster[] {
    return this.opts.clusters
      .list(plan.metadata.namespace ?? '')
      .filter((mc) => selectorMatches(plan.spec.clusterSelector ?? {}, mc.metadata.labels));
  }

  /** The other clusters of the cluster's fleets: their condition depends on its subnets. */
  peersOf(mc: ManagedCluster): ObjectKey[] {
    const peers = new Map<string, ObjectKey>();
    for (const plan of this.plansOf(mc))
      for (const member of this.membersOf(plan))
        if (member.metadata.name !== mc.metadata.name) peers.set(member.metadata.name ?? '', keyOf(member));
    return [...peers.values()];
  }

  /** The cluster's fleets with their members' subnet ranges. Never throws but for an abort. */
  async observe(mc: ManagedCluster, signal: AbortSignal): Promise<AddressOverlapInput> {
    const fleets: AddressOverlapInput['fleets'] = [];
    const seen = new Map<string, MemberNetwork>();
    for (const plan of this.plansOf(mc)) {
      const members: MemberNetwork[] = [];
      for (const member of this.membersOf(plan)) {
        const name = member.metadata.name ?? '';
        let network = seen.get(name);
        if (!network) {
          network = await this.networkOf(member, signal);
          seen.set(name, network);
        }
        members.push(network);
      }
      fleets.push({ plan: plan.metadata.name ?? '', members });
    }
    return { name: mc.metadata.name ?? '', fleets };
  }

  private async networkOf(mc: ManagedCluster, signal: AbortSignal): Promise<MemberNetwork> {
    const pools = this.opts.pools
      .list(mc.metadata.namespace ?? '')
      .filter((p) => p.spec.clusterRef.name === mc.metadata.name);
    const network: MemberNetwork = { name: mc.metadata.name ?? '', subnets: [], unreadable: [] };
    for (const id of clusterSubnetIds(mc, pools)) {
      const answer = await this.subnet(mc, id, signal);
      if ('cause' in answer) network.unreadable.push({ id, cause: answer.cause });
      // A subnet Azure lacks has no addresses: the pool naming it says so in its own condition.
      else if (answer.subnet) network.subnets.push({ id, addressPrefixes: answer.subnet.addressPrefixes });
    }
    return network;
  }

  /** The subnet as last read, or read now as the identity of the cluster naming it. */
  private async subnet(mc: ManagedCluster, id: string, signal: AbortSignal): Promise<Answer> {
    const key = id.toLowerCase();
    const now = this.opts.ctx.clock.now();
    const cached = this.answers.get(key);
    const maxAge = cached && 'cause' in cached.answer ? UNREADABLE_RETRY_MS : this.maxAgeMs;
    if (cached && now - cached.at < maxAge) return cached.answer;
    let answer: Answer;
    try {
      const azure = this.opts.ctx.azure(await clusterAccess(this.opts.ctx, mc, signal));
      answer = { subnet: await azure.subnets.get(id, signal) };
    } catch (err: unknown) {
      if (signal.aborted) throw err;
      answer = { cause: err instanceof Error ? err.message : String(err) };
    }
    this.answers.set(key, { at: now, answer });
    return answer;
  }
}
