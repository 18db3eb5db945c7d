// Which agent pool a NodePoolSnapshot is taken from: the NodePool named by nodePoolRef (its ARM ID from
// the pool's status, else built from its ManagedCluster) or the ARM ID in sourceResourceID, and whether
// that pool can be snapshotted now (Ready and Running). Pure: reads the caches it is given, never Azure.
import { Reason } from '../../api/index.js';
import type { ManagedCluster, NodePool, NodePoolSnapshot } from '../../api/index.js';
import { agentPoolId, managedClusterId, tryParseResourceId } from '../../azure/index.js';
import { getCondition, isTrue, StandardCondition, type ObjectKey } from '../../runtime/index.js';
import { isRunning, runningOf } from '../shared/running-condition.js';
import type { SpecProblem } from '../shared/spec-problem.js';

export interface SnapshotSource {
  /** ARM ID of the agent pool. */
  poolId: string;
  /** How the spec names it, for messages. */
  describe: string;
  /** nodePool: known through NodePool and ManagedCluster objects; resourceId: known only to Azure. */
  kind: 'nodePool' | 'resourceId';
  /** Region of the pool's cluster, when known without asking Azure. */
  location?: string;
  /** Why the pool cannot be snapshotted yet, as its NodePool reports; undefined when it can (or unknown). */
  notReady?: string;
  /** Credentials of the pool's cluster: the snapshot acts with them unless it names its own. */
  credentialRef?: { name: string };
}

export type SourceResolution =
  | { state: 'resolved'; source: SnapshotSource }
  | { state: 'missing'; message: string }
  | { state: 'invalid'; problem: SpecProblem };

/** The read side of the caches the resolution needs. */
export interface SourceCaches {
  pools: { get(key: ObjectKey): NodePool | undefined };
  clusters: { get(key: ObjectKey): ManagedCluster | undefined };
}

export function resolveSource(snap: NodePoolSnapshot, caches: SourceCaches): SourceResolution {
  const ref = snap.spec.nodePoolRef;
  if (ref) return fromNodePool(snap.metadata.namespace ?? '', ref.name, caches);
  const id = snap.spec.sourceResourceID;
  const parsed = id ? tryParseResourceId(id) : undefined;
  if (!id || parsed?.kind !== 'agentPool') {
    return {
      state: 'invalid',
      problem: {
        reason: Reason.InvalidSpec,
        field: 'spec.sourceResourceID',
        message: id
          ? `spec.sourceResourceID ${id} is not the ARM ID of an agent pool`
          : 'set spec.nodePoolRef or spec.sourceResourceID to name the pool to snapshot',
      },
    };
  }
  return {
    state: 'resolved',
    source: {
      poolId: id,
      kind: 'resourceId',
      describe: `agent pool ${parsed.agentPoolName} of cluster ${parsed.clusterName}`,
    },
  };
}

function fromNodePool(namespace: string, name: string, caches: SourceCaches): SourceResolution {
  const pool = caches.pools.get({ namespace, name });
  if (!pool) return { state: 'missing', message: `NodePool ${name} does not exist (yet)` };
  const clusterName = pool.spec.clusterRef.name;
  const cluster = caches.clusters.get({ namespace, name: clusterName });
  if (!cluster)
    return {
      state: 'missing',
      message: `ManagedCluster ${clusterName} of NodePool ${name} does not exist (yet)`,
    };
  const poolId = poolIdOf(pool, cluster);
  if (!poolId) {
    return {
      state: 'missing',
      message: `NodePool ${name} has no agent pool in Azure yet (ManagedCluster ${clusterName} is not provisioned)`,
    };
  }
  const source: SnapshotSource = {
    poolId,
    kind: 'nodePool',
    describe: `NodePool ${name}`,
    location: cluster.spec.location,
  };
  if (cluster.spec.credentialRef) source.credentialRef = { name: cluster.spec.credentialRef.name };
  source.notReady = whyNotUsable(pool, name);
  if (source.notReady === undefined) delete source.notReady;
  return { state: 'resolved', source };
}

/**
 * Why the pool cannot be snapshotted now: it must meet its spec (Ready) and run (Running: a pool stopped
 * as asked is Ready, but AKS snapshots a pool's running nodes).
 */
function whyNotUsable(pool: NodePool, name: string): string | undefined {
  const conditions = pool.status?.conditions;
  if (!isTrue(conditions, StandardCondition.Ready)) {
    const ready = getCondition(conditions, StandardCondition.Ready);
    return `NodePool ${name} is not Ready yet${ready?.reason ? ` (${ready.reason})` : ''}; the snapshot is taken once it is`;
  }
  if (!isRunning(pool)) {
    const running = runningOf(pool);
    return `NodePool ${name} does not run${running?.reason ? ` (${running.reason})` : ''}; the snapshot is taken once it runs`;
  }
  return undefined;
}

/** The pool's ID as it records it, else built from the cluster (its recorded ID or its placement). */
function poolIdOf(pool: NodePool, cluster: ManagedCluster): string | undefined {
  if (pool.status?.azureResourceID) return pool.status.azureResourceID;
  const poolName = pool.status?.activePoolName ?? pool.spec.azureName ?? pool.metadata.name ?? '';
  const clusterId =
    cluster.status?.azureResourceID ??
    (cluster.spec.subscriptionId
      ? managedClusterId(
          cluster.spec.subscriptionId,
          cluster.spec.resourceGroup,
          cluster.spec.azureName ?? cluster.metadata.name ?? '',
        )
      : undefined);
  return clusterId ? agentPoolId(clusterId, poolName) : undefined;
}
