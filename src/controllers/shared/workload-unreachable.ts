// Why a workload cluster's API server could not be read, named for the user: the API server refused the
// credential of the object's identity, or a private API server is out of the operator's network reach
// (with what to check), or something else. One wording for every controller that opens workload clusters.
import { Reason } from '../../api/index.js';
import { isApiServerAnswer, type PrivateApiServer } from '../../azure/index.js';
import { BlockedError } from '../../runtime/index.js';

/** How the cluster was reached: whether an error is a refused credential, and where its private API server is. */
export interface WorkloadAccess {
  /** Says whether `err` is the API server refusing the credential (which is then fetched anew next time). */
  forgetIfRefused(err: unknown): boolean;
  /** Set when Azure says the API server is private. */
  privateApiServer?: PrivateApiServer;
}

export interface WorkloadCause {
  reason: string;
  message: string;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The cause of `err`, met reading cluster `name`'s API server; `goOn` ends each message (what else the user may do). */
export function workloadUnreachable(
  name: string,
  access: WorkloadAccess,
  err: unknown,
  goOn = '',
): WorkloadCause {
  return causeOf(name, access.forgetIfRefused(err), access.privateApiServer, err, goOn);
}

/**
 * For a reconciler: a refused credential or an unreachable private API server as a BlockedError (slow,
 * capped retries; the condition names the cause); any other error as it is.
 */
export function asWorkloadBlock(name: string, access: WorkloadAccess, err: unknown): unknown {
  const isRefused = access.forgetIfRefused(err);
  if (!isRefused && (!access.privateApiServer || isApiServerAnswer(err))) return err;
  const { reason, message } = causeOf(name, isRefused, access.privateApiServer, err, '');
  return new BlockedError(message, { reason, cause: err });
}

function causeOf(
  name: string,
  isRefused: boolean,
  endpoint: PrivateApiServer | undefined,
  err: unknown,
  goOn: string,
): WorkloadCause {
  const tail = goOn ? ` ${goOn}` : '';
  if (isRefused) {
    return {
      reason: Reason.WorkloadClusterUnreachable,
      message: `the API server of cluster ${name} refused the operator's credential: ${errorText(err)}; grant the identity of the cluster object access (a Kubernetes RBAC binding to its object ID, or an Azure RBAC role on the cluster)${tail}`,
    };
  }
  if (endpoint && !isApiServerAnswer(err)) {
    const zone =
      endpoint.privateDnsZone && endpoint.privateDnsZone.toLowerCase() !== 'none'
        ? `the private DNS zone (${endpoint.privateDnsZone === 'system' ? "AKS's, in the node resource group" : endpoint.privateDnsZone})`
        : 'a DNS record for it';
    return {
      reason: Reason.PrivateApiServerUnreachable,
      message: `cluster ${name} has a private API server at ${endpoint.fqdn} that the operator cannot reach (${errorText(err)}); the management cluster needs a network path to the cluster's virtual network (VNet peering or a private endpoint) and ${zone} linked to its own virtual network${tail}`,
    };
  }
  return {
    reason: Reason.WorkloadClusterUnreachable,
    message: `cannot read the workload cluster of ${name}: ${errorText(err)}; fix its API access${tail}`,
  };
}
