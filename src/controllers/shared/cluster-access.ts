// The Azure access of a ManagedCluster (and of its NodePools, which act with their cluster's
// credentials in its subscription): resolved from the cluster's spec, or the problem thrown as
// InvalidSpecError so no Azure call is made.
import type { ManagedCluster } from '../../api/index.js';
import type { AzureAccess } from './azure-access.js';
import type { ControllerContext } from './controller-context.js';
import { isSpecProblem, specProblemError } from './spec-problem.js';

export async function clusterAccess(
  ctx: ControllerContext,
  cluster: ManagedCluster,
  signal: AbortSignal,
): Promise<AzureAccess> {
  const access = await ctx.access.resolve(
    {
      namespace: cluster.metadata.namespace ?? '',
      ...(cluster.spec.credentialRef ? { credentialRef: cluster.spec.credentialRef } : {}),
      ...(cluster.spec.subscriptionId ? { subscriptionId: cluster.spec.subscriptionId } : {}),
    },
    signal,
  );
  if (isSpecProblem(access)) throw specProblemError(access);
  return access;
}
