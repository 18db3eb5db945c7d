// Kubernetes versions AKS offers in a cluster's region, for planning steps past the next minor (a
// cluster's upgrade profile names only the next one). Read from Azure at most once per region and
// subscription per TTL, so steady state costs no Azure read.
import type { ManagedCluster } from '../../api/index.js';
import type { Clock } from '../../runtime/index.js';
import { clusterAccess } from '../shared/cluster-access.js';
import type { ControllerContext } from '../shared/controller-context.js';

/** Versions offered in the cluster's region (every patch). Read-only. */
export interface OfferedVersions {
  regionVersions(cluster: ManagedCluster, signal: AbortSignal): Promise<string[]>;
}

const DEFAULT_TTL_MS = 10 * 60_000;

export class AzureOfferedVersions implements OfferedVersions {
  private readonly cache = new Map<string, { at: number; versions: string[] }>();
  private readonly clock: Clock;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly ttlMs = DEFAULT_TTL_MS,
  ) {
    this.clock = ctx.clock;
  }

  async regionVersions(cluster: ManagedCluster, signal: AbortSignal): Promise<string[]> {
    const access = await clusterAccess(this.ctx, cluster, signal);
    const location = cluster.spec.location.toLowerCase();
    const key = `${access.subscriptionId}/${location}`;
    const hit = this.cache.get(key);
    if (hit && this.clock.now() - hit.at < this.ttlMs) return hit.versions;
    const list = await this.ctx
      .azure(access)
      .managedClusters.listKubernetesVersions({ subscriptionId: access.subscriptionId, location }, signal);
    const versions = list.flatMap((v) => Object.keys(v.patchVersions ?? {}));
    this.cache.set(key, { at: this.clock.now(), versions });
    return versions;
  }
}
