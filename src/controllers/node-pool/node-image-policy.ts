// spec.nodeImage.policy beside AKS's node OS channel. `Pinned` holds the pool on its image: the operator
// moves it only when asked explicitly (the node-image-target annotation, an UpgradePlan, a snapshot), and
// such a request wins. `Latest` has the operator move the pool to the newest image the region offers,
// inside the cluster's aksManagedNodeOSUpgradeSchedule window when one is declared. The channel is
// cluster-wide and the NodePool never writes the cluster: a channel that moves images itself (NodeImage,
// SecurityPatch) conflicts with either policy, which a condition says, and the operator then leaves image
// moves to AKS. Without a declared policy AKS's channel and explicit requests alone move the image.
import {
  ConditionStatus,
  NodeImagePolicy,
  NodeOSUpgradeChannel,
  NodePoolConditionType,
  NodePoolReason,
  type ManagedCluster,
  type NodePool,
} from '../../api/index.js';
import type { ConditionUpdate } from '../../runtime/index.js';
import { isNodeOSWindowOpen } from './node-os-window.js';

/** Channels under which AKS reimages the pools itself. */
const MOVING_CHANNELS: ReadonlySet<string> = new Set([
  NodeOSUpgradeChannel.NodeImage,
  NodeOSUpgradeChannel.SecurityPatch,
]);

const CHANNEL_FIELD = 'spec.autoUpgradeProfile.nodeOSUpgradeChannel';

/** The declared policy; undefined leaves image moves to AKS's channel and to explicit requests. */
export const policyOf = (np: NodePool): NodeImagePolicy | undefined => np.spec.nodeImage?.policy;

/** The node OS channel AKS runs for the cluster (status), else the declared one; undefined when unknown. */
export function nodeOSChannelOf(cluster: ManagedCluster): string | undefined {
  return (
    cluster.status?.settings?.nodeOSUpgradeChannel ?? cluster.spec.autoUpgradeProfile?.nodeOSUpgradeChannel
  );
}

/** The NodeImagePolicy condition; undefined while no policy is declared or the cluster's channel is unknown. */
export function nodeImagePolicyCondition(np: NodePool, cluster: ManagedCluster): ConditionUpdate | undefined {
  const channel = nodeOSChannelOf(cluster);
  const policy = policyOf(np);
  if (channel === undefined || policy === undefined) return undefined;
  const name = cluster.metadata.name ?? np.spec.clusterRef.name;
  if (!MOVING_CHANNELS.has(channel)) {
    return {
      type: NodePoolConditionType.NodeImagePolicy,
      status: ConditionStatus.True,
      reason: NodePoolReason.NodeImagePolicyInEffect,
      message:
        policy === NodeImagePolicy.Pinned
          ? `node image held (cluster ${name} runs node OS channel ${channel}); it moves only when an UpgradePlan, the node-image-target annotation or nodeImage.snapshotRef asks`
          : `the operator moves the pool to the newest node image (cluster ${name} runs node OS channel ${channel}), inside aksManagedNodeOSUpgradeSchedule when declared`,
    };
  }
  const why =
    policy === NodeImagePolicy.Pinned
      ? `nodeImage.policy is Pinned but cluster ${name} runs node OS channel ${channel}, which reimages every pool in its window`
      : `nodeImage.policy is Latest and cluster ${name} runs node OS channel ${channel}, which moves node images itself; the operator leaves image moves to AKS`;
  return {
    type: NodePoolConditionType.NodeImagePolicy,
    status: ConditionStatus.False,
    reason: NodePoolReason.NodeImageChannelConflict,
    message: `${why}; set ${CHANNEL_FIELD} of ManagedCluster ${name} to None (or Unmanaged) for the policy to hold`,
  };
}

/** Whether the operator may start a node-image upgrade of its own for a `Latest` pool now. */
export function mayFollowLatest(np: NodePool, cluster: ManagedCluster, nowMs: number): boolean {
  if (policyOf(np) !== NodeImagePolicy.Latest) return false;
  const channel = nodeOSChannelOf(cluster);
  // Unknown: AKS's default channel on create is NodeImage, which moves images itself.
  if (channel === undefined || MOVING_CHANNELS.has(channel)) return false;
  const window = cluster.spec.maintenanceConfigurations?.aksManagedNodeOSUpgradeSchedule;
  return !window || isNodeOSWindowOpen(window, nowMs);
}

/**
 * When each pool last asked Azure for its newest node image: at most once per interval (the resync
 * period) for one generation of the pool, so steady passes do not read the upgrade profile.
 */
export class LatestImageReads {
  private readonly last = new Map<string, { generation: number; atMs: number }>();

  constructor(private readonly intervalMs: number) {}

  isDue(key: string, generation: number, nowMs: number): boolean {
    const last = this.last.get(key);
    return !last || last.generation !== generation || nowMs - last.atMs >= this.intervalMs;
  }

  record(key: string, generation: number, nowMs: number): void {
    this.last.set(key, { generation, atMs: nowMs });
  }

  forget(key: string): void {
    this.last.delete(key);
  }
}
