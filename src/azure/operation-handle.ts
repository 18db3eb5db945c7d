// The durable handle on an Azure long-running operation: what a write returns, what a controller keeps in
// status (encodeOperationHandle → `status.lastOperation.pollerState`), and what one poll can report.
// The handle wraps the SDK poller's serialized state, taken right after Azure accepted the request.

import type * as Arm from '@azure/arm-containerservice';

/** The long-running operations the adapters start. */
export const OperationKind = {
  ManagedClusterPut: 'managedCluster.put',
  ManagedClusterPatchTags: 'managedCluster.patchTags',
  ManagedClusterDelete: 'managedCluster.delete',
  ManagedClusterStart: 'managedCluster.start',
  ManagedClusterStop: 'managedCluster.stop',
  ManagedClusterAbort: 'managedCluster.abort',
  AgentPoolPut: 'agentPool.put',
  AgentPoolDelete: 'agentPool.delete',
  AgentPoolUpgradeNodeImageVersion: 'agentPool.upgradeNodeImageVersion',
  AgentPoolAbort: 'agentPool.abort',
} as const;
export type OperationKind = (typeof OperationKind)[keyof typeof OperationKind];

/** What a succeeded operation yields: the resource after a PUT or PATCH, nothing otherwise. */
export interface OperationResults {
  'managedCluster.put': Arm.ManagedCluster;
  'managedCluster.patchTags': Arm.ManagedCluster;
  'managedCluster.delete': undefined;
  'managedCluster.start': undefined;
  'managedCluster.stop': undefined;
  'managedCluster.abort': undefined;
  'agentPool.put': Arm.AgentPool;
  'agentPool.delete': undefined;
  'agentPool.upgradeNodeImageVersion': undefined;
  'agentPool.abort': undefined;
}

/** A started operation, as plain JSON a controller keeps in status (see encodeOperationHandle). */
export interface OperationHandle<K extends OperationKind = OperationKind> {
  kind: K;
  /** ARM ID of the resource the operation works on. */
  resourceId: string;
  /** RFC 3339 time the operator started it. */
  startedAt: string;
  /** The SDK poller's serialized state; opaque. */
  serializedState: string;
}

/** What one poll learned. Failures to learn (network, 5xx, throttling) are thrown, classified. */
export type OperationOutcome<R = unknown> =
  | {
      status: 'InProgress';
      /** The handle to keep; the same object unless Azure moved the operation's status URL. */
      handle: OperationHandle;
      /** When to poll next: Azure's Retry-After when it sent one, else the configured interval. */
      pollAfterMs: number;
    }
  | { status: 'Succeeded'; result: R }
  /** The operation ended Failed; `error` is classified (InvalidSpecError, QuotaExceededError, OperationFailedError…). */
  | { status: 'Failed'; error: Error }
  | { status: 'Canceled' }
  /** Azure no longer knows the operation (status record expired, resource gone): observe again and decide. */
  | { status: 'Lost'; reason: string };

/** The part of an SDK poller a start needs; never `await` the poller itself: that polls to the end. */
export interface StartedPoller {
  submitted(): Promise<void>;
  serialize(): Promise<string>;
  readonly operationState?: { status: string; error?: Error };
}

/** The parts of core-lro's serialized state we read. */
export interface LroState {
  status: string;
  config?: {
    metadata?: { mode?: string };
    operationLocation?: string;
    initialRequestUrl?: string;
    requestMethod?: string;
  };
  result?: unknown;
  error?: unknown;
}

/**
 * Waits for the initial response of `poller` only, and returns the handle. An operation that already
 * failed in its first response throws that failure (for the caller to classify).
 */
export async function startOperation<K extends OperationKind>(
  poller: StartedPoller,
  options: { kind: K; resourceId: string; now: Date },
): Promise<{ handle: OperationHandle<K>; isDone: boolean }> {
  await poller.submitted();
  const status = poller.operationState?.status;
  if (status === 'failed')
    throw poller.operationState?.error ?? new Error('The long-running operation has failed');
  const state = parseSerialized(await poller.serialize());
  // The result of an operation done at once would bloat status and lose its types in JSON; a poll re-reads it.
  delete state.result;
  delete state.error;
  return {
    handle: {
      kind: options.kind,
      resourceId: options.resourceId,
      startedAt: options.now.toISOString(),
      serializedState: JSON.stringify({ state }),
    },
    isDone: status === 'succeeded' || status === 'canceled',
  };
}

export function parseSerialized(serialized: string): LroState {
  const parsed: unknown = JSON.parse(serialized);
  const state = (parsed as { state?: unknown }).state;
  if (typeof state !== 'object' || state === null || typeof (state as LroState).status !== 'string') {
    throw new Error('the SDK poller serialized no state');
  }
  return state as LroState;
}

/** Compact text for `status.lastOperation.pollerState`. */
export function encodeOperationHandle(handle: OperationHandle): string {
  return JSON.stringify({ ...handle, serializedState: parseSerialized(handle.serializedState) });
}

/** The handle encodeOperationHandle wrote, or undefined when the text is not one (edited, truncated). */
export function decodeOperationHandle(text: string): OperationHandle | undefined {
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    const handle = { ...raw, serializedState: JSON.stringify({ state: raw.serializedState }) };
    if (!isOperationHandle(handle)) return undefined;
    parseSerialized(handle.serializedState);
    return handle;
  } catch {
    // Not JSON or not a poller state: the caller treats the operation as unknown and observes again.
    return undefined;
  }
}

export function isOperationHandle(value: unknown): value is OperationHandle {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.kind === 'string' &&
    (Object.values(OperationKind) as string[]).includes(v.kind) &&
    typeof v.resourceId === 'string' &&
    typeof v.startedAt === 'string' &&
    typeof v.serializedState === 'string'
  );
}

/** The Azure operation ID (last segment of the status URL), for status and support tickets. */
export function operationIdOf(handle: OperationHandle): string | undefined {
  try {
    const location = parseSerialized(handle.serializedState).config?.operationLocation;
    if (!location) return undefined;
    return new URL(location).pathname.split('/').filter(Boolean).at(-1);
  } catch {
    // A handle whose state cannot be read has no ID to show.
    return undefined;
  }
}

/** `cannot <verb> <what>` wording per kind, for failures of the operation itself. */
export const OPERATION_VERBS: Record<OperationKind, string> = {
  'managedCluster.put': 'create or update',
  'managedCluster.patchTags': 'update the tags of',
  'managedCluster.delete': 'delete',
  'managedCluster.start': 'start',
  'managedCluster.stop': 'stop',
  'managedCluster.abort': 'abort the running operation of',
  'agentPool.put': 'create or update',
  'agentPool.delete': 'delete',
  'agentPool.upgradeNodeImageVersion': 'upgrade the node image of',
  'agentPool.abort': 'abort the running operation of',
};
