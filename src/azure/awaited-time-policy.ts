// Counts every ARM call, with its budget waits, SDK retries and token fetches, as an outside wait of the
// running reconcile, so the reconcile's own-time histogram leaves Azure out (see runtime's reconcile clock).
import { awaitOutside } from '../runtime/index.js';
import type { PipelinePolicy } from './call-context.js';

export const AWAITED_TIME_POLICY_NAME = 'aksLifecycleAwaitedTime';

/** Pipeline policy (add it per call, so it wraps the retries and the budget's waits). */
export function awaitedTimePolicy(): PipelinePolicy {
  return {
    name: AWAITED_TIME_POLICY_NAME,
    sendRequest: (request, next) => awaitOutside(() => next(request)),
  };
}
