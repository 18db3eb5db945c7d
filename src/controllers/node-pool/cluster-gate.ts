// Whether a pool's ManagedCluster lets pool work go on: it must exist, be provisioned, running (its
// Running condition, not Ready: a cluster stopped as asked is Ready) and not busy with an operation of
// its own; and whether a stopped or stopping cluster is so as asked. Read from the cluster object's
// status, not from Azure.
import { ManagedClusterReason, type ManagedCluster, type NodePool } from '../../api/index.js';
import { getCondition, StandardCondition } from '../../runtime/index.js';
import { isTerminal } from '../shared/provisioning-state.js';
import { isNotRunning, isRunning, runningOf } from '../shared/running-condition.js';

export type ClusterGate =
  | { state: 'ready'; cluster: ManagedCluster; clusterId: string; controlPlaneVersion: string }
  | { state: 'missing' | 'notReady'; message: string }
  /** Stopped or stopping; `isAsked` when its spec or schedule asks for it (the operator stops it only then). */
  | { state: 'stopped'; message: string; isAsked: boolean };

export function clusterGate(np: NodePool, cluster: ManagedCluster | undefined): ClusterGate {
  const name = np.spec.clusterRef.name;
  if (!cluster) return { state: 'missing', message: `ManagedCluster ${name} does not exist (yet)` };
  if (cluster.metadata.deletionTimestamp)
    return { state: 'notReady', message: `ManagedCluster ${name} is being deleted` };
  const s = cluster.status;
  if (!s?.azureResourceID || !s.currentKubernetesVersion) {
    return { state: 'notReady', message: `ManagedCluster ${name} is not provisioned yet` };
  }
  if (isNotRunning(cluster, [ManagedClusterReason.ClusterStopped, ManagedClusterReason.Stopping])) {
    const ready = getCondition(s.conditions, StandardCondition.Ready);
    return {
      state: 'stopped',
      message: `ManagedCluster ${name} is stopped; pool changes wait until it runs`,
      isAsked:
        isNotRunning(cluster, [ManagedClusterReason.Stopping]) ||
        ready?.reason === ManagedClusterReason.ClusterStopped,
    };
  }
  if (!isRunning(cluster)) {
    const running = runningOf(cluster);
    return {
      state: 'notReady',
      message: `ManagedCluster ${name} does not run yet (${running ? `Running ${running.status}, ${running.reason}` : 'Running not reported yet'})`,
    };
  }
  if (s.lastOperation?.result === 'InProgress' || !isTerminal(s.provisioningState)) {
    return {
      state: 'notReady',
      message: `ManagedCluster ${name} is busy (${s.lastOperation?.result === 'InProgress' ? `${s.lastOperation.type} in progress` : `provisioningState ${s.provisioningState ?? ''}`})`,
    };
  }
  return {
    state: 'ready',
    cluster,
    clusterId: s.azureResourceID,
    controlPlaneVersion: s.currentKubernetesVersion,
  };
}
