// Polls durable operation handles: `pollOperation` makes exactly one poll, so no worker ever waits on
// Azure and a restarted operator resumes where the last one stopped.
//
// Polling resumes the SDK's own poller (`restorePoller` + one `poll()`): core-lro 3 keeps the protocol
// (Azure-AsyncOperation / Location / provisioningState modes, the final GET, deserialization, the
// failure message) and the client's pipeline keeps auth and retries. Its serialized state is small
// when taken right after the initial response. What it drops (error details, Retry-After of a poll)
// comes from the call record the pipeline policy keeps.

import type * as Arm from '@azure/arm-containerservice';
import { restorePoller, type ContainerServiceClient } from '@azure/arm-containerservice';
import { isArmNotFoundError } from './arm-error-classes.js';
import { classifyArmError, isLroCanceled } from './arm-errors.js';
import { boundRetryAfter } from './retry-after.js';
import { armCall } from './arm-call.js';
import type { ArmCallRecord } from './call-context.js';
import type { ArmCallMetrics } from './call-metrics.js';
import {
  OPERATION_VERBS,
  parseSerialized,
  type LroState,
  type OperationHandle,
  type OperationKind,
  type OperationOutcome,
  type OperationResults,
} from './operation-handle.js';
import { describeResource, tryParseResourceId, type AksResourceRef } from './resource-id.js';

/** Polls started operations. */
export interface OperationsArm {
  /**
   * Makes exactly one poll of `handle` (one status GET, plus the final GET when it just succeeded).
   * Reads only; idempotent; never waits for completion. Throws TransientError / ThrottledError /
   * AccessDeniedError when the status could not be learned.
   */
  pollOperation<K extends OperationKind>(
    handle: OperationHandle<K>,
    signal?: AbortSignal,
  ): Promise<OperationOutcome<OperationResults[K]>>;
}

/** Interval between polls when Azure names none. AKS operations take minutes. */
export const DEFAULT_POLL_INTERVAL_MS = 10_000;

export interface SdkOperationsArmOptions {
  /** The client for the subscription of a resource. */
  clientFor(subscriptionId: string): ContainerServiceClient;
  metrics?: ArmCallMetrics;
  pollIntervalMs?: number;
}

type PollStep =
  | { kind: 'running'; serializedState: string }
  | { kind: 'succeeded'; result: unknown }
  | { kind: 'canceled' }
  | { kind: 'failed'; error: unknown };

/** OperationsArm over the real SDK. */
export class SdkOperationsArm implements OperationsArm {
  constructor(private readonly options: SdkOperationsArmOptions) {}

  async pollOperation<K extends OperationKind>(
    handle: OperationHandle<K>,
    signal?: AbortSignal,
  ): Promise<OperationOutcome<OperationResults[K]>> {
    const ref = tryParseResourceId(handle.resourceId);
    let state: LroState;
    try {
      state = parseSerialized(handle.serializedState);
    } catch {
      return { status: 'Lost', reason: 'the stored operation state cannot be read' };
    }
    if (!ref)
      return { status: 'Lost', reason: `the stored resource ID ${handle.resourceId} is not an AKS resource` };
    if (state.status === 'canceled') return { status: 'Canceled' };
    if (state.status === 'succeeded') return this.succeededAtStart(handle, ref, signal);

    const spec = {
      operation: 'operations.poll',
      verb: `poll the ${handle.kind} operation on`,
      what: describeResource(ref),
    };
    try {
      const { value, record } = await armCall(this.options.metrics, spec, () =>
        this.pollOnce(handle, ref, signal),
      );
      return this.outcomeOf(handle, ref, value, record);
    } catch (err: unknown) {
      if (isArmNotFoundError(err)) return { status: 'Lost', reason: err.message };
      throw err;
    }
  }

  private outcomeOf<K extends OperationKind>(
    handle: OperationHandle<K>,
    ref: AksResourceRef,
    step: PollStep,
    record: ArmCallRecord,
  ): OperationOutcome<OperationResults[K]> {
    switch (step.kind) {
      case 'running': {
        const retryAfterMs = record.retryAfterMs ?? 0;
        const pollAfterMs =
          retryAfterMs > 0
            ? boundRetryAfter(retryAfterMs)
            : (this.options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
        const next =
          step.serializedState === handle.serializedState
            ? handle
            : { ...handle, serializedState: step.serializedState };
        return { status: 'InProgress', handle: next, pollAfterMs };
      }
      case 'succeeded':
        return { status: 'Succeeded', result: step.result as OperationResults[K] };
      case 'canceled':
        return { status: 'Canceled' };
      case 'failed': {
        const call = { verb: OPERATION_VERBS[handle.kind], what: describeResource(ref) };
        return { status: 'Failed', error: classifyArmError(step.error, call, record.error) };
      }
    }
  }

  /** One poll through the SDK's restored poller; operation failure is a value, request failure throws. */
  private async pollOnce(
    handle: OperationHandle,
    ref: AksResourceRef,
    signal?: AbortSignal,
  ): Promise<PollStep> {
    const client = this.options.clientFor(ref.subscriptionId);
    const poller = restorePoller(client, handle.serializedState, sourceOperation(client, handle.kind), {
      ...(signal ? { abortSignal: signal } : {}),
    });
    try {
      await poller.poll(signal ? { abortSignal: signal } : undefined);
    } catch (err: unknown) {
      const status = poller.operationState?.status;
      if (status === 'canceled' || isLroCanceled(err)) return { kind: 'canceled' };
      // A RestError means the status request itself failed (core-lro marks the state failed then too)…
      if (status === 'failed' && !isRestError(err)) return { kind: 'failed', error: err };
      // …except in Location mode, where the operation's own failure arrives as a 4xx on the Location URL.
      if (isLocationModeFailure(handle, err)) return { kind: 'failed', error: err };
      throw err;
    }
    if (poller.isDone) return { kind: 'succeeded', result: poller.result };
    return { kind: 'running', serializedState: await poller.serialize() };
  }

  /** An operation that finished in its first response: re-read the resource for kinds that yield one. */
  private async succeededAtStart<K extends OperationKind>(
    handle: OperationHandle<K>,
    ref: AksResourceRef,
    signal?: AbortSignal,
  ): Promise<OperationOutcome<OperationResults[K]>> {
    if (
      handle.kind !== 'managedCluster.put' &&
      handle.kind !== 'managedCluster.patchTags' &&
      handle.kind !== 'agentPool.put'
    ) {
      return { status: 'Succeeded', result: undefined as OperationResults[K] };
    }
    const spec = { operation: 'operations.poll', verb: 'read', what: describeResource(ref) };
    try {
      const { value } = await armCall(
        this.options.metrics,
        spec,
        async (): Promise<Arm.ManagedCluster | Arm.AgentPool> => {
          const client = this.options.clientFor(ref.subscriptionId);
          const opts = signal ? { abortSignal: signal } : {};
          if (ref.kind === 'agentPool') {
            return client.agentPools.get(ref.resourceGroup, ref.clusterName, ref.agentPoolName, opts);
          }
          if (ref.kind === 'managedCluster')
            return client.managedClusters.get(ref.resourceGroup, ref.clusterName, opts);
          throw new Error(`a ${handle.kind} operation cannot be on ${describeResource(ref)}`);
        },
      );
      return { status: 'Succeeded', result: value as OperationResults[K] };
    } catch (err: unknown) {
      if (isArmNotFoundError(err)) return { status: 'Lost', reason: err.message };
      throw err;
    }
  }
}

function isRestError(err: unknown): err is Error & { statusCode?: number } {
  return err instanceof Error && err.name === 'RestError';
}

/** A 4xx (not 404/408/429) from a Location URL: ARM's way of saying the operation failed. */
function isLocationModeFailure(handle: OperationHandle, err: unknown): boolean {
  if (!isRestError(err) || err.statusCode === undefined) return false;
  const status = err.statusCode;
  if (status < 400 || status >= 500 || status === 404 || status === 408 || status === 429) return false;
  try {
    return parseSerialized(handle.serializedState).config?.metadata?.mode === 'ResourceLocation';
  } catch {
    // Unreadable state was turned away before polling; nothing to decide here.
    return false;
  }
}

type SourceOperation = Parameters<typeof restorePoller>[2];

/** The SDK method that started an operation of `kind` (restorePoller names it in its errors). */
function sourceOperation(client: ContainerServiceClient, kind: OperationKind): SourceOperation {
  const mc = client.managedClusters;
  const ap = client.agentPools;
  const methods: Record<OperationKind, SourceOperation> = {
    'managedCluster.put': mc.createOrUpdate,
    'managedCluster.patchTags': mc.updateTags,
    'managedCluster.delete': mc.delete,
    'managedCluster.start': mc.start,
    'managedCluster.stop': mc.stop,
    'managedCluster.abort': mc.abortLatestOperation,
    'agentPool.put': ap.createOrUpdate,
    'agentPool.delete': ap.delete,
    'agentPool.upgradeNodeImageVersion': ap.upgradeNodeImageVersion,
    'agentPool.abort': ap.abortLatestOperation,
  };
  return methods[kind];
}
