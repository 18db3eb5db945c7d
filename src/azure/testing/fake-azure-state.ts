// The in-memory Azure behind the fakes: resources by ID (case-insensitive, as ARM), one operation at a
// time per cluster, provisioningState that moves only when a handle is polled, and injected failures.

import type * as Arm from '@azure/arm-containerservice';
import { OperationInProgressError } from '../../runtime/index.js';
import { ArmNotFoundError } from '../arm-error-classes.js';
import type { OperationHandle, OperationKind } from '../operation-handle.js';
import { parentClusterId, tryParseResourceId } from '../resource-id.js';

export type Resource = Arm.ManagedCluster | Arm.AgentPool | Arm.Snapshot;

/** One operation the fake has started. */
export interface FakeOperation {
  id: string;
  kind: OperationKind;
  resourceId: string;
  /** Polls left that answer InProgress before the operation ends. */
  pollsLeft: number;
  /** Set by failNextOperation: the operation ends Failed with this error. */
  failure?: Error;
  state: 'running' | 'succeeded' | 'failed' | 'canceled';
  /** Applied when the operation succeeds. */
  complete: () => void;
}

/** A call the fake received, in order. */
export interface FakeCall {
  operation: string;
  id: string;
}

export const FAKE_OPERATION_URL = 'https://fake.management.azure.invalid/operations/';

export class FakeAzureState {
  readonly resources = new Map<string, Resource>();
  readonly operations = new Map<string, FakeOperation>();
  readonly calls: FakeCall[] = [];
  /** Polls that answer InProgress before an operation ends (0 = the first poll ends it). */
  pollsToComplete = 1;
  /** pollAfterMs the fake reports for InProgress. */
  pollAfterMs = 1_000;
  private readonly rejections = new Map<string, Error[]>();
  private readonly operationFailures = new Map<string, Error[]>();
  private nextOperation = 1;
  private nextETag = 1;

  constructor(readonly now: () => Date = () => new Date()) {}

  /** The next call of `operation` (`agentPools.put`, `managedClusters.get`, …) throws `error` instead. */
  rejectNext(operation: string, error: Error): void {
    this.rejections.set(operation, [...(this.rejections.get(operation) ?? []), error]);
  }

  /** The next operation of `kind` is accepted, then ends Failed with `error` (a classified project error). */
  failNextOperation(kind: OperationKind, error: Error): void {
    this.operationFailures.set(kind, [...(this.operationFailures.get(kind) ?? []), error]);
  }

  /** Records the call and throws an injected rejection, if any. */
  enter(operation: string, id: string): void {
    this.calls.push({ operation, id });
    const queued = this.rejections.get(operation);
    const error = queued?.shift();
    if (error) throw error;
  }

  /** Calls of `operation` so far (all when omitted). */
  callsOf(operation?: string): FakeCall[] {
    return operation ? this.calls.filter((c) => c.operation === operation) : [...this.calls];
  }

  get<T extends Resource>(id: string): T | undefined {
    return this.resources.get(id.toLowerCase()) as T | undefined;
  }

  set(id: string, resource: Resource): void {
    this.resources.set(id.toLowerCase(), resource);
  }

  remove(id: string): void {
    const key = id.toLowerCase();
    for (const k of [...this.resources.keys()])
      if (k === key || k.startsWith(`${key}/`)) this.resources.delete(k);
  }

  /** Resources directly under `parentId` (agent pools of a cluster). */
  children<T extends Resource>(parentId: string): T[] {
    const prefix = `${parentId.toLowerCase()}/agentpools/`;
    return [...this.resources.entries()]
      .filter(([k]) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/'))
      .map(([, v]) => v as T);
  }

  eTag(): string {
    return `"fake-etag-${this.nextETag++}"`;
  }

  /** The cluster an operation on `resourceId` locks: AKS runs one operation at a time per cluster. */
  lockOf(resourceId: string): string {
    const ref = tryParseResourceId(resourceId);
    return (ref?.kind === 'agentPool' ? parentClusterId(resourceId) : resourceId).toLowerCase();
  }

  /** Throws OperationInProgressError when an operation runs on the cluster of `resourceId`. */
  assertIdle(resourceId: string, verb: string, what: string): void {
    const lock = this.lockOf(resourceId);
    const running = [...this.operations.values()].find(
      (o) => o.state === 'running' && this.lockOf(o.resourceId) === lock,
    );
    if (running) {
      throw new OperationInProgressError(
        `cannot ${verb} ${what}: OperationNotAllowed: Operation is not allowed: Another operation (${running.kind}) is in progress, please wait for it to finish before starting a new operation.`,
      );
    }
  }

  /** Starts an operation that ends (after pollsToComplete polls) by running `complete`. */
  start<K extends OperationKind>(kind: K, resourceId: string, complete: () => void): OperationHandle<K> {
    const id = `op-${this.nextOperation++}`;
    const failure = this.operationFailures.get(kind)?.shift();
    const operation: FakeOperation = {
      id,
      kind,
      resourceId,
      pollsLeft: this.pollsToComplete,
      state: 'running',
      complete,
    };
    if (failure) operation.failure = failure;
    this.operations.set(id, operation);
    const state = { status: 'running', config: { operationLocation: `${FAKE_OPERATION_URL}${id}` } };
    return {
      kind,
      resourceId,
      startedAt: this.now().toISOString(),
      serializedState: JSON.stringify({ state }),
    };
  }

  /** The operation a handle names, if the fake started it. */
  operationOf(handle: OperationHandle): FakeOperation | undefined {
    try {
      const parsed = JSON.parse(handle.serializedState) as {
        state?: { config?: { operationLocation?: string } };
      };
      const location = parsed.state?.config?.operationLocation ?? '';
      return location.startsWith(FAKE_OPERATION_URL)
        ? this.operations.get(location.slice(FAKE_OPERATION_URL.length))
        : undefined;
    } catch {
      // Not a handle this fake wrote.
      return undefined;
    }
  }

  /** Ends every running operation as if each had been polled to its end. */
  completeAll(): void {
    for (const op of this.operations.values()) if (op.state === 'running') this.finish(op);
  }

  /** Ends `op`: Failed with its injected failure, or Succeeded with its effect applied. */
  finish(op: FakeOperation): void {
    if (op.failure) {
      op.state = 'failed';
      setProvisioningState(this.get(op.resourceId), 'Failed');
      return;
    }
    op.state = 'succeeded';
    op.complete();
  }

  /** Cancels the running operation on the cluster of `resourceId`, as an abort does. */
  cancelRunning(resourceId: string): void {
    const lock = this.lockOf(resourceId);
    for (const op of this.operations.values()) {
      if (op.state === 'running' && this.lockOf(op.resourceId) === lock) {
        op.state = 'canceled';
        setProvisioningState(this.get(op.resourceId), 'Canceled');
      }
    }
  }
}

/** Writes a read-only field the way Azure does on its side. */
export function setProvisioningState(resource: Resource | undefined, state: string): void {
  if (resource && !isSnapshot(resource))
    (resource as { provisioningState?: string }).provisioningState = state;
}

function isSnapshot(resource: Resource): resource is Arm.Snapshot {
  return (
    'creationData' in resource && resource.type?.toLowerCase() === 'microsoft.containerservice/snapshots'
  );
}

/** What ARM's 404 becomes once classified. */
export function fakeNotFound(action: string, id: string): ArmNotFoundError {
  return new ArmNotFoundError(`cannot ${action}: ResourceNotFound: ${id} was not found`, {
    reason: 'ResourceNotFound',
  });
}
