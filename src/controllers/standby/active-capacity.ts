// Whether the active pool can serve its pods, read from its NodePool status: the nodes Azure is asked
// for against those Ready, and whether its last operation or conditions carry an AKS capacity error.
import type { NodePool } from '../../api/index.js';
import { CAPACITY_ERROR_CODES } from '../../azure/index.js';
import { ConditionStatus } from '../../runtime/index.js';

export interface ActiveCapacity {
  desired: number;
  ready: number;
  /** The AKS capacity code the pool reports, when it reports one. */
  capacityError?: string;
  /** An Azure operation on the pool has not finished (a scale that may still bring nodes). */
  isOperationRunning: boolean;
  /** Node counts have been read (status.nodes present). */
  isKnown: boolean;
}

export function activeCapacity(np: NodePool): ActiveCapacity {
  const s = np.status;
  const op = s?.lastOperation;
  const isOperationRunning = op?.result === 'InProgress';
  const failedCode = op?.result === 'Failed' ? op.error?.code : undefined;
  const conditionCode = s?.conditions?.find(
    (c) => c.status === ConditionStatus.True && CAPACITY_ERROR_CODES.includes(c.reason),
  )?.reason;
  const code =
    failedCode && CAPACITY_ERROR_CODES.includes(failedCode)
      ? failedCode
      : isOperationRunning
        ? undefined
        : conditionCode;
  return {
    desired: s?.nodes?.desired ?? 0,
    ready: s?.nodes?.ready ?? 0,
    ...(code ? { capacityError: code } : {}),
    isOperationRunning,
    isKnown: s?.nodes !== undefined,
  };
}

/** The pool cannot add the nodes it is asked for: Azure refused them, or they are missing and nothing is on the way. */
export function cannotGrow(c: ActiveCapacity): boolean {
  return c.capacityError !== undefined || (c.ready < c.desired && !c.isOperationRunning);
}

/** Nodes the active pool lacks (at least one: pods wait, so something is short). */
export function shortfall(c: ActiveCapacity): number {
  return Math.max(1, c.desired - c.ready);
}

/** The pool has every node it is asked for (counts known) and no capacity error. */
export function hasRecovered(c: ActiveCapacity): boolean {
  return c.isKnown && c.capacityError === undefined && c.ready >= c.desired;
}
