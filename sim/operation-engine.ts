// Long-running operations: one at a time per cluster (pools included), simulated duration, data-plane
// work, and the ARM status record (InProgress → Succeeded / Failed / Canceled) clients poll.
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { operationErrors } from './aks-errors.js';
import type { Faults } from './faults.js';
import type { SimClock } from './sim-clock.js';

export const OperationStatus = {
  InProgress: 'InProgress',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Canceled: 'Canceled',
} as const;
export type OperationStatus = (typeof OperationStatus)[keyof typeof OperationStatus];

export type Outcome = Exclude<OperationStatus, 'InProgress'>;

export interface OperationError {
  code: string;
  message: string;
}

export interface RunContext {
  signal: AbortSignal;
  /** Waits a simulated duration. */
  sleep(simulatedMs: number): Promise<void>;
  progress(message: string): void;
}

export interface StartOperation {
  /** Operation name as counted (`agentPools.createOrUpdate`); faults match on it. */
  name: string;
  /** Provisioning state shown while it runs (`Creating`, `Upgrading`, …). */
  label: string;
  subscriptionId: string;
  location: string;
  resourceId: string;
  /** Lock key: the cluster the operation belongs to. */
  lockKey: string;
  /** Agent pool the operation acts on, for busy messages. */
  pool?: string;
  run(ctx: RunContext): Promise<void>;
  /** Called once with the final outcome, after `run` settles. */
  finish(outcome: Outcome, error?: OperationError): void;
}

export interface Operation {
  id: string;
  name: string;
  label: string;
  subscriptionId: string;
  location: string;
  resourceId: string;
  lockKey: string;
  pool?: string;
  status: OperationStatus;
  startTime: Date;
  endTime?: Date;
  error?: OperationError;
  /** Settles when the operation reaches a terminal status. */
  done: Promise<void>;
}

type StopReason = 'abort' | 'preempt' | 'shutdown';

interface LiveOperation {
  op: Operation;
  controller: AbortController;
  stopReason?: StopReason;
}

const MAX_FINISHED = 20000;
/** How often (real time) a hung operation looks whether its fault was removed. */
const HANG_RECHECK_MS = 100;

export class OperationEngine {
  private readonly ops = new Map<string, Operation>();
  private readonly live = new Map<string, LiveOperation>();
  private readonly locks = new Map<string, string>();

  constructor(
    private readonly clock: SimClock,
    private readonly faults: Faults,
    private readonly onProgress: (op: Operation, message: string) => void = () => {},
  ) {}

  get(id: string): Operation | undefined {
    return this.ops.get(id.toLowerCase());
  }

  list(): Operation[] {
    return [...this.ops.values()];
  }

  /** The operation holding a cluster, if one runs. */
  running(lockKey: string): Operation | undefined {
    const id = this.locks.get(lockKey);
    return id ? this.ops.get(id) : undefined;
  }

  start(input: StartOperation): Operation {
    const controller = new AbortController();
    const op: Operation = {
      id: randomUUID(),
      name: input.name,
      label: input.label,
      subscriptionId: input.subscriptionId,
      location: input.location,
      resourceId: input.resourceId,
      lockKey: input.lockKey,
      status: OperationStatus.InProgress,
      startTime: new Date(),
      done: Promise.resolve(),
    };
    if (input.pool) op.pool = input.pool;
    const live: LiveOperation = { op, controller };
    this.ops.set(op.id, op);
    this.live.set(op.id, live);
    this.locks.set(input.lockKey, op.id);
    this.prune();
    op.done = this.execute(live, input);
    return op;
  }

  /** Stops a running operation; it ends Canceled. Returns false when it had already finished. */
  abort(op: Operation): boolean {
    return this.stop(op, 'abort');
  }

  /** A newer operation (delete) replaces this one; it ends Failed with NotLatestOperation. */
  preempt(op: Operation): boolean {
    return this.stop(op, 'preempt');
  }

  private stop(op: Operation, reason: StopReason): boolean {
    const live = this.live.get(op.id);
    if (!live) return false;
    live.stopReason = reason;
    live.controller.abort(new Error(`operation ${reason}`));
    return true;
  }

  /** Cancels every running operation and waits for them to settle. */
  async close(): Promise<void> {
    const pending = [...this.live.values()];
    for (const l of pending) this.stop(l.op, 'shutdown');
    await Promise.all(pending.map((l) => l.op.done));
  }

  private async execute(live: LiveOperation, input: StartOperation): Promise<void> {
    const { op, controller } = live;
    const signal = controller.signal;
    const ctx: RunContext = {
      signal,
      sleep: (ms) => this.clock.sleep(ms, signal),
      progress: (message) => this.onProgress(op, message),
    };
    let outcome: Outcome = OperationStatus.Succeeded;
    let error: OperationError | undefined;
    try {
      // Settle asynchronously so the initial response is sent before anything finishes.
      await Promise.resolve();
      // A hung operation stays InProgress while its fault is listed; it goes on once the fault is removed.
      while (this.faults.shouldHang(op.name)) await delay(HANG_RECHECK_MS, undefined, { signal });
      const injected = this.faults.takeFailure(op.name, op.resourceId);
      if (injected) {
        await ctx.sleep(1000);
        throw Object.assign(new Error(injected.message), { code: injected.code });
      }
      await input.run(ctx);
      if (signal.aborted) throw signal.reason;
    } catch (e: unknown) {
      ({ outcome, error } = this.failure(live, e));
    }
    op.status = outcome;
    op.endTime = new Date();
    if (error) op.error = error;
    this.live.delete(op.id);
    if (this.locks.get(op.lockKey) === op.id) this.locks.delete(op.lockKey);
    try {
      input.finish(outcome, error);
    } catch {
      // finish only records state; a throw there must not leave the operation unsettled.
    }
  }

  private failure(live: LiveOperation, e: unknown): { outcome: Outcome; error?: OperationError } {
    switch (live.stopReason) {
      case 'abort':
      case 'shutdown':
        return { outcome: OperationStatus.Canceled, error: operationErrors.canceled(live.op.resourceId) };
      case 'preempt':
        return { outcome: OperationStatus.Failed, error: operationErrors.notLatestOperation };
      default:
        return { outcome: OperationStatus.Failed, error: errorOf(e) };
    }
  }

  /** Releases the lock without touching the record, when the resource it guarded is gone. */
  release(lockKey: string): void {
    this.locks.delete(lockKey);
  }

  private prune(): void {
    if (this.ops.size <= MAX_FINISHED) return;
    for (const [id, op] of this.ops) {
      if (this.ops.size <= MAX_FINISHED) break;
      if (op.status !== OperationStatus.InProgress) this.ops.delete(id);
    }
  }
}

/** The code and message of a data-plane rejection (`code` property when it has one). */
export function errorOf(e: unknown): OperationError {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { code: typeof code === 'string' && code ? code : 'InternalOperationError', message: e.message };
  }
  return { code: 'InternalOperationError', message: String(e) };
}
