// Kubernetes versions AKS offers in a cluster's region, for planning steps past the next minor (a
// cluster's upgrade profile names only the next one). The region's list is read once per region and
// subscription for the whole process (see azure/region-versions.ts), so steady state costs no Azure read.
import type { ManagedCluster } from '../../api/index.js';
import { offeredPatches } from '../../azure/index.js';
import { clusterAccess } from '../shared/cluster-access.js';
import type { ControllerContext } from '../shared/controller-context.js';

/** Versions offered in the cluster's region (every patch). Read-only. */
export interface OfferedVersions {
  regionVersions(cluster: ManagedCluster, signal: AbortSignal): Promise<string[]>;
}

export class AzureOfferedVersions implements OfferedVersions {
  constructor(private readonly ctx: ControllerContext) {}

  async regionVersions(cluster: ManagedCluster, signal: AbortSignal): Promise<string[]> {
    const access = await clusterAccess(this.ctx, cluster, signal);
    const scope = { subscriptionId: access.subscriptionId, location: cluster.spec.location };
    return offeredPatches(await this.ctx.azure(access).regionVersions.offered(scope, signal));
  }
}
