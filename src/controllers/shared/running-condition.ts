// The Running condition of a ManagedCluster or NodePool: True when Azure reports the resource provisioned
// and powered on. Ready says the spec is met, which a cluster or pool stopped as asked is; code that needs
// the cluster's API server or the pool's nodes (snapshots, pool work, drains, plans) reads Running instead.
// Running does not probe the API server: the readers that connect report an unreachable cluster themselves.
import { ManagedClusterConditionType, type LastOperation } from '../../api/index.js';
import { ConditionStatus, getCondition, type Condition, type ConditionUpdate } from '../../runtime/index.js';

/** The condition type, the same on both kinds (NodePoolConditionType.Running too). */
const RUNNING_CONDITION = ManagedClusterConditionType.Running;

/** The reasons of one kind: True when it runs, False for each way it does not. */
export interface RunningReasons {
  running: string;
  stopped: string;
  starting: string;
  stopping: string;
  notProvisioned: string;
}

/** What the status records of the resource in Azure. */
export interface PowerFacts {
  azureResourceID?: string;
  provisioningState?: string;
  powerState?: string;
  lastOperation?: LastOperation;
}

/** Running from the status draft: an operation in flight first, then what Azure last reported. */
export function runningCondition(s: PowerFacts, reasons: RunningReasons, subject: string): ConditionUpdate {
  const no = (reason: string, message: string): ConditionUpdate => ({
    type: RUNNING_CONDITION,
    status: ConditionStatus.False,
    reason,
    message,
  });
  const inFlight = s.lastOperation?.result === 'InProgress' ? s.lastOperation.type : undefined;
  if (
    inFlight === 'Create' ||
    !s.azureResourceID ||
    !s.provisioningState ||
    s.provisioningState === 'Creating'
  )
    return no(reasons.notProvisioned, `the ${subject} is not provisioned in Azure yet`);
  if (inFlight === 'Start' || s.provisioningState === 'Starting')
    return no(reasons.starting, `the ${subject} is starting`);
  if (inFlight === 'Stop' || s.provisioningState === 'Stopping')
    return no(reasons.stopping, `the ${subject} is stopping`);
  if (s.powerState === 'Stopped') return no(reasons.stopped, `the ${subject} is stopped`);
  return {
    type: RUNNING_CONDITION,
    status: ConditionStatus.True,
    reason: reasons.running,
    message: `the ${subject} runs in Azure`,
  };
}

/** Whether the object reports Running True: its API server (or its nodes) can be worked with. */
export function isRunning(obj: { status?: { conditions?: readonly Condition[] } }): boolean {
  return getCondition(obj.status?.conditions, RUNNING_CONDITION)?.status === ConditionStatus.True;
}

/** Running False for one of `reasons` (say, stopped or starting; not unprovisioned). */
export function isNotRunning(
  obj: { status?: { conditions?: readonly Condition[] } },
  reasons: readonly string[],
): boolean {
  const c = getCondition(obj.status?.conditions, RUNNING_CONDITION);
  return c?.status === ConditionStatus.False && reasons.includes(c.reason);
}

/** The Running condition as the object reports it, for messages. */
export function runningOf(obj: { status?: { conditions?: readonly Condition[] } }): Condition | undefined {
  return getCondition(obj.status?.conditions, RUNNING_CONDITION);
}
