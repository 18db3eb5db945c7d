// Writes what was observed of the agent pool into the NodePool status draft: provisioning and power
// state, versions, node image, ID and node counts; and the conditions of a pool that waits.
import type * as Arm from '@azure/arm-containerservice';
import { NodePoolReason, type NodePoolStatus } from '../../api/index.js';
import { ConditionStatus, StandardCondition } from '../../runtime/index.js';
import type { NodeCounts } from '../shared/workload-nodes.js';
import type { StatusReport } from '../shared/status-report.js';

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

  /** Not Ready, but neither working nor stuck: stopped as asked, or the cluster is stopped. */
  idle(reason: string, message: string): void {
    this.report.condition({ type: StandardCondition.Ready, status: ConditionStatus.False, reason, message });
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

  poolStopped(): void {
    this.idle(NodePoolReason.PoolStopped, 'the pool is stopped as the spec asks');
  }
}

function set<K extends keyof NodePoolStatus>(
  s: NodePoolStatus,
  key: K,
  value: NodePoolStatus[K] | undefined,
): void {
  if (value === undefined) delete s[key];
  else s[key] = value;
}
