// Errors the data plane reports to the operation engine: `code` is the AKS error code the operation fails
// with (UpgradeFailed or PodDrainFailure for a drain blocked past drainTimeoutInMinutes), `message` the
// text AKS would show.

export const DataPlaneErrorCode = {
  /** A surge upgrade stopped: a node could not be drained in time (usually a PodDisruptionBudget). */
  UpgradeFailed: 'UpgradeFailed',
  /**
   * An agent pool DELETE stopped: a node could not be drained in time (usually a PodDisruptionBudget).
   * The code AKS reports for a pool deletion its drain could not finish (Azure/AKS#2090).
   */
  PodDrainFailure: 'PodDrainFailure',
  /** The data plane knows no cluster with this ID (ensureCluster was never called, or it was deleted). */
  ClusterNotFound: 'ClusterNotFound',
  /** The cluster's Kubernetes API could not be started. */
  ClusterStartFailed: 'ClusterStartFailed',
} as const;
export type DataPlaneErrorCode = (typeof DataPlaneErrorCode)[keyof typeof DataPlaneErrorCode];

export class DataPlaneError extends Error {
  override readonly name = 'DataPlaneError';

  constructor(
    readonly code: DataPlaneErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isDataPlaneError(err: unknown): err is DataPlaneError {
  return err instanceof DataPlaneError;
}

/** An eviction the API refused with 429, and what AKS puts in its "PDB debug info". */
export interface BlockedEviction {
  namespace: string;
  pod: string;
  /** The refusal's message, e.g. "Cannot evict pod as it would violate the pod's disruption budget." */
  reason: string;
  pdb?: string;
  /** namespace/name of the pods the PDB selects that are not Ready. */
  unreadyPods: string[];
}

/** AKS's message for a drain blocked by a PodDisruptionBudget (UpgradeFailed, PodDrainFailure). */
export function drainFailedMessage(node: string, blocked: BlockedEviction): string {
  const unready =
    blocked.unreadyPods.length > 0
      ? `${blocked.unreadyPods.length} unready pods: [${blocked.unreadyPods.join(' ')}]`
      : '0 unready pods';
  const debug = blocked.pdb
    ? ` PDB debug info: ${blocked.namespace}/${blocked.pod} blocked by pdb ${blocked.pdb} with ${unready}.`
    : '';
  return (
    `Drain node ${node} failed when evicting pod ${blocked.pod} failed with Too Many Requests error. ` +
    'This is often caused by a restrictive Pod Disruption Budget (PDB) policy. ' +
    `See https://aka.ms/aks/debugdrainfailures. Original error: ${blocked.reason}.${debug}`
  );
}

/** AKS's UpgradeFailed message for a drain that timed out on pods still terminating. */
export function drainTimedOutMessage(node: string, pods: string[], drainTimeoutInMinutes: number): string {
  return (
    `Drain node ${node} failed: timed out after ${drainTimeoutInMinutes} minutes waiting for pods to terminate: ` +
    `[${pods.join(' ')}]. See https://aka.ms/aks/debugdrainfailures.`
  );
}
