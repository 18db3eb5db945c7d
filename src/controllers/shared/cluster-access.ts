// The Azure access of a ManagedCluster (and of its NodePools, which act with their cluster's
// credentials in its subscription): resolved from the cluster's spec and its credential Secret, or the
// problem thrown as a BlockedError, so no Azure call is made and a fixed Secret is noticed without a
// spec change.
import type { ManagedCluster } from '../../api/index.js';
import { BlockedError } from '../../runtime/index.js';
import type { AzureAccess } from './azure-access.js';
import type { ControllerContext } from './controller-context.js';
import { isSpecProblem, type SpecProblem } from './spec-problem.js';

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
  if (isSpecProblem(access)) throw accessProblemError(access);
  return access;
}

/**
 * A credential problem (a Secret missing or incomplete, a subscription it does not allow, no identity
 * allowed) can be fixed in the Secret or the operator's configuration as well as in the spec: the object
 * stalls with the problem's reason and is tried again with the slow, capped backoff of a block.
 */
export function accessProblemError(problem: SpecProblem): BlockedError {
  return new BlockedError(problem.message, { reason: problem.reason });
}
