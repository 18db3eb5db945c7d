// Deciding what a cluster PUT on an existing cluster changes: the control-plane target (one minor at a
// time, offered versions only) and, through agentPoolProfiles, each pool's spec and version.
import { aksErrors } from '../aks-errors.js';
import { settingsErrors } from '../cluster-settings.js';
import { isObject, num, str, type JsonObject } from '../json.js';
import { minorOf } from '../kube-version.js';
import {
  checkEphemeralDisk,
  checkImmutablePoolFields,
  poolCount,
  poolSpecFromRequest,
  surgeNodes,
} from '../pool-model.js';
import { checkPoolSettings } from '../pool-settings.js';
import type { VcpuDemand } from '../quota-check.js';
import type { ClusterRecord, PoolRecord } from '../resource-store.js';
import type { SimContext } from '../sim-context.js';
import { checkControlPlaneUpgrade, checkPoolVersion } from '../version-rules.js';
import { findPool } from './lookup.js';

/** The AKS Long Term Support plan needs the Premium tier; cost analysis Standard or Premium. */
export function checkIdentityAndTier(body: JsonObject, props: JsonObject): void {
  const tier = isObject(body.sku) ? str(body.sku, 'tier') : undefined;
  if (str(props, 'supportPlan') === 'AKSLongTermSupport' && tier !== 'Premium')
    throw aksErrors.ltsNeedsPremium();
  const metrics = isObject(props.metricsProfile) ? props.metricsProfile : {};
  const costAnalysis = isObject(metrics.costAnalysis) && metrics.costAnalysis.enabled === true;
  if (costAnalysis && tier !== 'Standard' && tier !== 'Premium') throw settingsErrors.costAnalysisNeedsTier();
}

function sameVersion(requested: string, ...known: Array<string | undefined>): boolean {
  return known.some((k) => k !== undefined && k !== '' && (requested === k || requested === minorOf(k)));
}

/** The control-plane patch a PUT asks for; re-sending the current request retries a failed upgrade. */
export function clusterVersionFor(
  ctx: SimContext,
  cluster: ClusterRecord,
  requested: string | undefined,
): string {
  if (!requested) return cluster.targetVersion;
  if (requested === str(cluster.spec, 'kubernetesVersion') || requested === cluster.targetVersion)
    return cluster.targetVersion;
  if (sameVersion(requested, cluster.currentKubernetesVersion)) return cluster.currentKubernetesVersion;
  const resolved = ctx.versions.resolve(cluster.location, requested);
  if (!resolved) throw aksErrors.clusterVersionNotSupported(requested);
  checkControlPlaneUpgrade(ctx.versions, cluster.location, cluster.currentKubernetesVersion, resolved);
  return resolved;
}

export interface PoolChange {
  pool: PoolRecord;
  spec: JsonObject;
  targetVersion: string;
}

export interface ClusterUpdatePlan {
  changes: PoolChange[];
  demands: VcpuDemand[];
}

/**
 * Pools' versions in a cluster PUT must be all specified or all unspecified; specified ones stay unchanged
 * or equal the control plane. Unspecified ones follow the control plane. Pools cannot be added here.
 */
export function poolUpdatesFromProfiles(
  ctx: SimContext,
  cluster: ClusterRecord,
  props: JsonObject,
  targetCp: string,
): ClusterUpdatePlan {
  const profiles = Array.isArray(props.agentPoolProfiles)
    ? props.agentPoolProfiles.filter(isObject)
    : undefined;
  const changes: PoolChange[] = [];
  const demands: VcpuDemand[] = [];
  if (profiles) {
    if (profiles.some((p) => !findPool(cluster, str(p, 'name') ?? '')))
      throw aksErrors.newPoolThroughClusterPut();
    const specified = profiles.filter((p) => str(p, 'orchestratorVersion'));
    if (specified.length > 0 && specified.length < profiles.length)
      throw aksErrors.notAllPoolVersionsSpecifiedAndUnchanged();
    const requestedCp = str(props, 'kubernetesVersion');
    for (const profile of profiles) {
      const pool = findPool(cluster, str(profile, 'name') ?? '');
      if (!pool) throw aksErrors.newPoolThroughClusterPut();
      checkImmutablePoolFields(pool.spec, profile);
      const spec = poolSpecFromRequest(
        { ...pool.spec, ...profile },
        {
          vmSizes: ctx.vmSizes,
          defaultMode: str(pool.spec, 'mode') === 'User' ? 'User' : 'System',
        },
      );
      checkEphemeralDisk(spec, ctx.vmSizes);
      checkPoolSettings(spec);
      const want = str(profile, 'orchestratorVersion');
      let targetVersion: string;
      if (!want) {
        targetVersion = targetCp !== cluster.currentKubernetesVersion ? targetCp : pool.targetVersion;
        spec.orchestratorVersion = targetVersion;
      } else if (
        sameVersion(
          want,
          str(pool.spec, 'orchestratorVersion'),
          pool.currentOrchestratorVersion,
          pool.targetVersion,
        )
      ) {
        targetVersion = pool.targetVersion;
      } else if (want === targetCp || want === requestedCp) {
        targetVersion = targetCp;
      } else {
        throw aksErrors.notAllPoolVersionsSpecifiedAndUnchanged();
      }
      changes.push({ pool, spec, targetVersion });
      const added = (num(spec, 'count') ?? 0) - poolCount(pool);
      if (added > 0) demands.push({ vmSize: str(spec, 'vmSize') ?? '', nodes: added });
      if (targetVersion !== pool.currentOrchestratorVersion)
        demands.push({ vmSize: str(spec, 'vmSize') ?? '', nodes: surgeNodes(pool) });
    }
  }
  // Every pool, changed or not, must stay within the skew of the new control plane.
  for (const pool of cluster.pools.values()) {
    const change = changes.find((c) => c.pool === pool);
    checkPoolVersion({
      pool: pool.name,
      controlPlaneVersion: targetCp,
      current: pool.currentOrchestratorVersion,
      target: change?.targetVersion ?? pool.currentOrchestratorVersion,
    });
  }
  const modes = [...cluster.pools.values()].map(
    (p) => changes.find((c) => c.pool === p)?.spec.mode ?? p.spec.mode,
  );
  if (!modes.includes('System')) throw aksErrors.noSystemPool();
  return { changes, demands };
}
