// Why a workload cluster's API server could not be read, named for the user: the API server refused the
// credential of the object's identity, or a private API server is out of the operator's network reach
// (with what to check), or something else. One wording for every controller that opens workload clusters.
import { Reason } from '../../api/index.js';
import {
  ArmNotFoundError,
  isApiServerAnswer,
  type PrivateApiServer,
  type WorkloadClustersArm,
} from '../../azure/index.js';
import {
  BlockedError,
  ConflictError,
  InvalidSpecError,
  isAbortError,
  OperationInProgressError,
  ThrottledError,
  TransientError,
} from '../../runtime/index.js';

/** How the cluster was reached: whether an error is a refused credential, and where its private API server is. */
export interface WorkloadAccess {
  /** Says whether `err` is the API server refusing the credential (which is then fetched anew next time). */
  forgetIfRefused(err: unknown): boolean;
  /** Set when Azure says the API server is private. */
  privateApiServer?: PrivateApiServer;
}

/** How `clusters` reaches the cluster `clusterId`, for naming why it could not be read. */
export function workloadAccessOf(clusters: WorkloadClustersArm, clusterId: string): WorkloadAccess {
  const privateApiServer = clusters.privateApiServer(clusterId);
  return {
    forgetIfRefused: (err) => clusters.forgetIfRefused(clusterId, err),
    ...(privateApiServer ? { privateApiServer } : {}),
  };
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

/** Socket-level failures: no route, no DNS answer, refused or reset connections, connect timeouts. */
const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Whether `err` (or an error it wraps) failed on the network, before any API server answered. */
export function isNetworkFailure(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    e = e instanceof Error ? e.cause : undefined;
  }
  return false;
}

/** Errors the operator already classified (Azure's answers, its own waits) say nothing about a workload cluster. */
const isClassified = (err: unknown): boolean =>
  isAbortError(err) ||
  [
    TransientError,
    ThrottledError,
    OperationInProgressError,
    InvalidSpecError,
    ConflictError,
    BlockedError,
    ArmNotFoundError,
  ].some((c) => err instanceof c);

/**
 * For a step that mixes Azure calls and workload reads: an unclassified error that is the API server
 * refusing the credential, or a network failure towards a private API server, as asWorkloadBlock makes it;
 * anything else as it is.
 */
export function asWorkloadStepBlock(name: string, access: WorkloadAccess, err: unknown): unknown {
  if (isClassified(err)) return err;
  if (!isApiServerAnswer(err) && !isNetworkFailure(err)) return err;
  return asWorkloadBlock(name, access, err);
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
