// A reason the spec cannot be realised, found by the operator before calling Azure. Checks return these
// as data; the reconciler turns the first one into a Stalled condition and makes no Azure call.
import { InvalidSpecError } from '../../runtime/index.js';

export interface SpecProblem {
  /** CamelCase condition reason (an AKS error code when AKS would answer the same). */
  reason: string;
  /** What is wrong and what to change. */
  message: string;
  /** Field path, e.g. spec.osDiskSizeGB. */
  field?: string;
  /** Something else must happen first (a dependency becoming Ready): wait instead of stalling. */
  isWaiting?: boolean;
}

export function specProblemError(problem: SpecProblem): InvalidSpecError {
  return new InvalidSpecError(problem.message, {
    reason: problem.reason,
    ...(problem.field ? { field: problem.field } : {}),
  });
}

export function isSpecProblem(v: unknown): v is SpecProblem {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as SpecProblem).reason === 'string' &&
    typeof (v as SpecProblem).message === 'string'
  );
}
