// Writes what was observed of the agent pool into the NodePool status draft: provisioning and power
// state, versions, node image, ID, subnet and node counts; the generation Azure was found to match; the
// conditions of a pool that waits; and whether it runs.
import type * as Arm from '@azure/arm-containerservice';
import {
  ManagedClusterReason,
  NodePoolConditionType,
  NodePoolReason,
  type ManagedCluster,
  type NodePoolStatus,
} from '../../api/index.js';
import { ConditionStatus, StandardCondition } from '../../runtime/index.js';
import { runningCondition, runningOf, type RunningReasons } from '../shared/running-condition.js';
import type { NodeCounts } from '../shared/workload-nodes.js';
import type { StatusReport } from '../shared/status-report.js';

const POOL_RUNNING_REASONS: RunningReasons = {
  running: NodePoolReason.PoolRunning,
  stopped: NodePoolReason.PoolStopped,
  starting: NodePoolReason.Starting,
  stopping: NodePoolReason.Stopping,
  notProvisioned: NodePoolReason.NotProvisioned,
};

export class PoolStatusView {
  constructor(private readonly report: StatusReport<NodePoolStatus>) {}

  observed(observed: Arm.AgentPool | undefined, id: string, azureName: string): void {
    const s = this.report.draft;
    if (!observed) {
      for (const key of [
        'provisioningState',
        'powerState',
        'currentOrchestratorVersion',
        'nodeImageVersion',
        'azureResourceID',
        'vnetSubnetID',
        'nodes',
      ] as const) {
        delete s[key];
      }
      return;
    }
    set(s, 'provisioningState', observed.provisioningState);
    const power = observed.powerState?.code ?? 'Running';
    set(s, 'powerState', power === 'Running' || power === 'Stopped' ? power : undefined);
    set(s, 'currentOrchestratorVersion', observed.currentOrchestratorVersion ?? observed.orchestratorVersion);
    set(s, 'nodeImageVersion', observed.nodeImageVersion);
    set(s, 'vnetSubnetID', observed.vnetSubnetID);
    s.azureResourceID = observed.id ?? id;
    s.activePoolName = azureName;
  }

  /** Node counts: desired from Azure, ready from the workload cluster (kept as last seen when unreadable). */
  nodes(observed: Arm.AgentPool, counts: NodeCounts | undefined): void {
    const s = this.report.draft;
    const desired = observed.count ?? 0;
    const ready = counts?.ready ?? s.nodes?.ready;
    if (ready === undefined) delete s.nodes;
    else s.nodes = { desired, ready };
  }

  /** Azure matches this generation of the spec: recorded for good, whatever later passes that wait say. */
  applied(generation: number): void {
    this.report.draft.appliedGeneration = generation;
  }

  /**
   * Neither working nor stuck: stopped as asked (`isMet`: Ready, the spec holds while stopped), or waiting
   * for something outside the pool (Ready False).
   */
  idle(reason: string, message: string, isMet: boolean): void {
    this.report.condition({
      type: StandardCondition.Ready,
      status: isMet ? ConditionStatus.True : ConditionStatus.False,
      reason,
      message,
    });
    this.report.condition({
      type: StandardCondition.Reconciling,
      status: ConditionStatus.False,
      reason,
      message: '',
    });
    this.report.condition({
      type: StandardCondition.Stalled,
      status: ConditionStatus.False,
      reason,
      message: '',
    });
  }

  /**
   * Azure runs an operation the operator did not start while the spec still holds: Reconciling says so,
   * and Ready is left as it was (status.appliedGeneration keeps the record either way).
   */
  busyKeepingReady(reason: string, message: string): void {
    this.report.condition({
      type: StandardCondition.Reconciling,
      status: ConditionStatus.True,
      reason,
      message,
    });
    this.report.condition({
      type: StandardCondition.Stalled,
      status: ConditionStatus.False,
      reason,
      message: '',
    });
  }

  poolStopped(): void {
    this.idle(NodePoolReason.PoolStopped, 'the pool is stopped as the spec asks', true);
  }

  /** Running: the pool's own power in Azure, once its cluster runs (see running-condition.ts). */
  running(cluster: ManagedCluster | undefined): void {
    const clusterRunning = cluster ? runningOf(cluster) : undefined;
    if (clusterRunning?.status !== ConditionStatus.True) {
      const name = cluster?.metadata.name ?? 'of the pool';
      const why = clusterRunning ? `${clusterRunning.reason}: ${clusterRunning.message}` : 'not known yet';
      this.report.condition({
        type: NodePoolConditionType.Running,
        status: ConditionStatus.False,
        // Stopped or stopping, as the pool's Ready reason says (see cluster-gate.ts).
        reason: STOPPED_CLUSTER_REASONS.has(clusterRunning?.reason ?? '')
          ? NodePoolReason.ClusterStopped
          : NodePoolReason.WaitingForCluster,
        message: `ManagedCluster ${name} does not run (${why})`,
      });
      return;
    }
    this.report.condition(runningCondition(this.report.draft, POOL_RUNNING_REASONS, 'agent pool'));
  }
}

const STOPPED_CLUSTER_REASONS = new Set<string>([
  ManagedClusterReason.ClusterStopped,
  ManagedClusterReason.Stopping,
]);

function set<K extends keyof NodePoolStatus>(
  s: NodePoolStatus,
  key: K,
  value: NodePoolStatus[K] | undefined,
): void {
  if (value === undefined) delete s[key];
  else s[key] = value;
}
