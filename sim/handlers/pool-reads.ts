// Agent pool reads: GET, list (paged, optionally with the trailing empty page real AKS sends) and the
// pool upgrade profile with the latest node image.
import { poolId } from '../arm-ids.js';
import type { SimRequest, SimResponse } from '../http-types.js';
import { str } from '../json.js';
import { page } from '../paging.js';
import { renderPool } from '../pool-model.js';
import type { SimContext } from '../sim-context.js';
import { poolUpgrades } from './cluster-reads.js';
import { requireCluster, requirePool } from './lookup.js';

export function getAgentPool(ctx: SimContext, req: SimRequest): SimResponse {
  const cluster = requireCluster(ctx, req);
  return { status: 200, body: renderPool(cluster.ref, requirePool(cluster, req)) };
}

export function listAgentPools(ctx: SimContext, req: SimRequest): SimResponse {
  const cluster = requireCluster(ctx, req);
  const items = [...cluster.pools.values()].map((p) => renderPool(cluster.ref, p));
  return {
    status: 200,
    body: page(req, items, {
      pageSize: ctx.paging.agentPoolPageSize,
      trailingEmptyPage: ctx.paging.agentPoolTrailingEmptyPage,
    }),
  };
}

export function getAgentPoolUpgradeProfile(ctx: SimContext, req: SimRequest): SimResponse {
  const cluster = requireCluster(ctx, req);
  const pool = requirePool(cluster, req);
  const upgrades = poolUpgrades(ctx, cluster.location, pool, cluster.currentKubernetesVersion).map((v) =>
    ctx.versions.isPreview(cluster.location, v)
      ? { kubernetesVersion: v, isPreview: true }
      : { kubernetesVersion: v },
  );
  return {
    status: 200,
    body: {
      id: `${poolId({ ...cluster.ref, pool: pool.name })}/upgradeProfiles/default`,
      name: 'default',
      type: 'Microsoft.ContainerService/managedClusters/agentPools/upgradeProfiles',
      properties: {
        kubernetesVersion: pool.currentOrchestratorVersion,
        osType: str(pool.spec, 'osType') ?? 'Linux',
        upgrades,
        latestNodeImageVersion: ctx.nodeImages.latest(
          str(pool.spec, 'osSKU'),
          str(pool.spec, 'osType'),
          ctx.clock.now(),
        ),
      },
    },
  };
}
