// What cluster and pool operations do while they run: wait their simulated time and drive the data
// plane (create, scale, surge upgrade, stop, start, delete). Failures reject with the AKS error code.
import { clusterId } from './arm-ids.js';
import type { ClusterShape, PoolShape } from './data-plane.js';
import { apiServerExposure, privateFqdn } from './cluster-settings.js';
import { isObject, str, strings } from './json.js';
import type { RunContext } from './operation-engine.js';
import { poolCount, poolShape, surgeNodes } from './pool-model.js';
import { assertCapacity } from './quota-check.js';
import type { ClusterRecord, PoolRecord } from './resource-store.js';
import type { SimContext } from './sim-context.js';

export function clusterShape(cluster: ClusterRecord): ClusterShape {
  return {
    id: clusterId(cluster.ref),
    name: cluster.ref.cluster,
    location: cluster.location,
    kubernetesVersion: cluster.currentKubernetesVersion,
    nodeResourceGroup: str(cluster.spec, 'nodeResourceGroup') ?? '',
    ...clusterAad(cluster),
    ...(apiServerExposure(cluster.spec).isPrivate ? { privateFqdn: privateFqdnOf(cluster) } : {}),
  };
}

/** The private FQDN the cluster body reports (see renderCluster). */
function privateFqdnOf(cluster: ClusterRecord): string {
  const prefix = str(cluster.spec, 'fqdnSubdomain') ?? str(cluster.spec, 'dnsPrefix') ?? cluster.ref.cluster;
  return privateFqdn(prefix, cluster.fqdnLabel, cluster.location);
}

/** The cluster's managed Entra ID integration, when its aadProfile turns it on. */
function clusterAad(cluster: ClusterRecord): Pick<ClusterShape, 'aad'> {
  const profile = isObject(cluster.spec.aadProfile) ? cluster.spec.aadProfile : undefined;
  if (profile?.managed !== true) return {};
  const tenantId = str(profile, 'tenantID');
  return {
    aad: {
      ...(tenantId ? { tenantId } : {}),
      isAzureRbac: profile.enableAzureRBAC === true,
      isLocalAccountsDisabled: cluster.spec.disableLocalAccounts === true,
      adminGroupObjectIds: strings(profile, 'adminGroupObjectIDs') ?? [],
    },
  };
}

/** Allocates the pool's VMs (capacity permitting) and makes its nodes match. */
export async function provisionPool(
  ctx: SimContext,
  cluster: ClusterRecord,
  pool: PoolRecord,
  run: RunContext,
): Promise<void> {
  if (poolCount(pool) > 0) assertCapacity(ctx, cluster.location, pool.spec);
  await ctx.dataPlane.syncPool(clusterId(cluster.ref), poolShape(pool), run.signal);
}

export interface UpgradeTarget {
  version: string;
  image: string;
}

/** Surge upgrade: time scales with the number of surge batches; the data plane drains and replaces nodes. */
export async function upgradePool(
  ctx: SimContext,
  cluster: ClusterRecord,
  pool: PoolRecord,
  target: UpgradeTarget,
  run: RunContext,
): Promise<void> {
  const nodes = poolCount(pool);
  if (nodes > 0) assertCapacity(ctx, cluster.location, pool.spec);
  const batches = nodes > 0 ? Math.ceil(nodes / Math.max(1, surgeNodes(pool))) : 0;
  await run.sleep(batches * ctx.durations.poolUpgradePerNode);
  const from: PoolShape = poolShape(pool);
  const to: PoolShape = poolShape(pool, { version: target.version, image: target.image });
  await ctx.dataPlane.upgradePool(clusterId(cluster.ref), from, to, run.signal, run.progress);
  pool.currentOrchestratorVersion = target.version;
  pool.nodeImageVersion = target.image;
}
