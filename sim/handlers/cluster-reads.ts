// Cluster reads: GET, list (subscription and resource group, paged), the upgrade profile,
// the versions available to agent pools, and the Kubernetes versions offered in a location.
import { clusterId } from '../arm-ids.js';
import { renderCluster } from '../cluster-model.js';
import type { SimRequest, SimResponse } from '../http-types.js';
import { str, type JsonObject } from '../json.js';
import { compareVersions } from '../kube-version.js';
import { page } from '../paging.js';
import type { PoolRecord } from '../resource-store.js';
import type { SimContext } from '../sim-context.js';
import { requireCluster } from './lookup.js';

export function getCluster(ctx: SimContext, req: SimRequest): SimResponse {
  return { status: 200, body: renderCluster(requireCluster(ctx, req)) };
}

export function listClusters(ctx: SimContext, req: SimRequest): SimResponse {
  const items = ctx.store
    .listClusters(req.params.subscriptionId ?? '', req.params.resourceGroupName)
    .map(renderCluster);
  return { status: 200, body: page(req, items, { pageSize: ctx.paging.clusterPageSize }) };
}

function upgradeEntries(ctx: SimContext, location: string, versions: string[]): JsonObject[] {
  return versions.map((v) =>
    ctx.versions.isPreview(location, v)
      ? { kubernetesVersion: v, isPreview: true }
      : { kubernetesVersion: v },
  );
}

/** Versions a pool may move to: offered, newer than the pool, not above the control plane. */
export function poolUpgrades(
  ctx: SimContext,
  location: string,
  pool: PoolRecord,
  controlPlane: string,
): string[] {
  return ctx.versions
    .allPatches(location)
    .filter(
      (v) => compareVersions(v, pool.currentOrchestratorVersion) > 0 && compareVersions(v, controlPlane) <= 0,
    );
}

export function getClusterUpgradeProfile(ctx: SimContext, req: SimRequest): SimResponse {
  const c = requireCluster(ctx, req);
  const cp = c.currentKubernetesVersion;
  return {
    status: 200,
    body: {
      id: `${clusterId(c.ref)}/upgradeprofiles/default`,
      name: 'default',
      type: 'Microsoft.ContainerService/managedClusters/upgradeprofiles',
      properties: {
        controlPlaneProfile: {
          name: 'master',
          kubernetesVersion: cp,
          osType: 'Linux',
          upgrades: upgradeEntries(ctx, c.location, ctx.versions.upgrades(c.location, cp)),
        },
        // Always an array: the 25.x client throws on null here.
        agentPoolProfiles: [...c.pools.values()].map((p) => ({
          name: p.name,
          kubernetesVersion: p.currentOrchestratorVersion,
          osType: str(p.spec, 'osType') ?? 'Linux',
          upgrades: upgradeEntries(ctx, c.location, poolUpgrades(ctx, c.location, p, cp)),
        })),
      },
    },
  };
}

export function getAvailableAgentPoolVersions(ctx: SimContext, req: SimRequest): SimResponse {
  const c = requireCluster(ctx, req);
  const def = ctx.versions.resolve(c.location, undefined);
  const versions = ctx.versions.allPatches(c.location).map((v) => {
    const entry: JsonObject = { kubernetesVersion: v };
    if (v === def) entry.default = true;
    if (ctx.versions.isPreview(c.location, v)) entry.isPreview = true;
    return entry;
  });
  return {
    status: 200,
    body: {
      id: `${clusterId(c.ref)}/availableagentpoolversions`,
      name: 'default',
      type: 'Microsoft.ContainerService/managedClusters/availableAgentpoolVersions',
      properties: { agentPoolVersions: versions },
    },
  };
}

export function listKubernetesVersions(ctx: SimContext, req: SimRequest): SimResponse {
  const location = req.params.location ?? '';
  const values = ctx.versions.minors(location).map((minor) => {
    const entry: JsonObject = {
      version: minor.version,
      capabilities: { supportPlan: minor.supportPlans ?? ['KubernetesOfficial'] },
      patchVersions: Object.fromEntries(
        [...minor.patches]
          .sort(compareVersions)
          .map((p) => [p, { upgrades: ctx.versions.upgrades(location, p) }]),
      ),
    };
    if (minor.isDefault) entry.isDefault = true;
    if (minor.isPreview) entry.isPreview = true;
    return entry;
  });
  return { status: 200, body: { values } };
}
