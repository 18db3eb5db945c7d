// The Azure access a finalizer deletes with. It must be the access the object acted with, in the
// subscription of the recorded ID: a credential that is gone (its namespace is being deleted) or that now
// acts elsewhere blocks the finalizer with a reason that names the way out, never a delete elsewhere.
import { Annotation, Reason, type ManagedCluster } from '../../api/index.js';
import { tryParseResourceId } from '../../azure/index.js';
import { InvalidSpecError, isBlockedError, isInvalidSpecError } from '../../runtime/index.js';
import type { AzureAccess } from './azure-access.js';
import { clusterAccess } from './cluster-access.js';
import type { ControllerContext } from './controller-context.js';

export interface FinalizerAccessInput {
  ctx: ControllerContext;
  /** The ManagedCluster whose credential the object acts with (itself, or a pool's cluster). */
  cluster: ManagedCluster;
  /** The recorded ARM ID to delete. */
  id: string;
  signal: AbortSignal;
}

export async function finalizerAccess(input: FinalizerAccessInput): Promise<AzureAccess> {
  let access: AzureAccess;
  try {
    access = await clusterAccess(input.ctx, input.cluster, input.signal);
  } catch (err: unknown) {
    if (!isInvalidSpecError(err) && !isBlockedError(err)) throw err;
    throw blocked(`cannot delete ${input.id}: ${err.message}`);
  }
  const subscription = tryParseResourceId(input.id)?.subscriptionId;
  if (subscription && subscription.toLowerCase() !== access.subscriptionId.toLowerCase()) {
    throw blocked(
      `cannot delete ${input.id}: ${access.source} now acts in subscription ${access.subscriptionId}, ` +
        `not in ${subscription} where the resource is`,
    );
  }
  return access;
}

function blocked(message: string): InvalidSpecError {
  return new InvalidSpecError(
    `${message}. Restore the credential, or set the annotation ${Annotation.Release}: "true" to let ` +
      'this object go without touching Azure (the resource then stays in Azure)',
    { reason: Reason.FinalizerBlocked, field: 'spec.credentialRef' },
  );
}
