// Long-lived drains owned by the operator process, one per owner (a NodePool): a reconcile starts one and
// then only observes it (running, done, failed, each node's last report); the run tells its owner when
// its state changed, at most once per interval, so the owner's status is written at a bounded rate.

import type { Clock, ObjectKey } from '../runtime/index.js';
import { drainNodes } from './drain-nodes.js';
import type { DrainNodesOptions, DrainNodesResult } from './drain-nodes.js';
import { DrainPhase } from './types.js';
import type { DrainReport } from './types.js';

/** Shortest interval between two wake-ups of one owner while its drain runs. */
export const DEFAULT_NOTIFY_INTERVAL_MS = 1_000;

export interface DrainRunRequest {
  nodes: string[];
  options: DrainNodesOptions;
  /**
   * Called with every pass's report, before the owner is told (events belong here). A node's Drained
   * report comes once per node: from the run that recorded the node drained on it, never again after a
   * restart or a retried run.
   */
  onReport?: (report: DrainReport) => void;
  /**
   * Also wake the owner (at the same bounded rate) when a pod is evicted between reports: for an owner that
   * watches what the evictions cause (pods Pending). Default false: the reports wake it.
   */
  wakeOnEviction?: boolean;
}

/** What the owner observes of its drain. */
export interface DrainRunState {
  isRunning: boolean;
  /** Set once the run ended without error. */
  result?: DrainNodesResult;
  /** Set once the run ended with an error (the owner starts a new run to retry). */
  error?: unknown;
  /** The last report of each node started, in the order given. */
  reports: DrainReport[];
  /** Nodes the run drains. */
  nodes: string[];
  /** While the next node waits for the batch soak: when it may start (ms). */
  soakUntilMs?: number;
  /** When a pod last left (evicted, deleted, or gone from its node), or the run started (ms). */
  lastProgressMs: number;
}

interface Run {
  state: DrainRunState;
  byNode: Map<string, DrainReport>;
  abort: AbortController;
  done: Promise<void>;
}

const keyString = (key: ObjectKey): string => `${key.namespace}/${key.name}`;

export class DrainRuns {
  private readonly runs = new Map<string, Run>();
  private readonly listeners = new Set<(owner: ObjectKey) => void>();
  private readonly lastNotifiedMs = new Map<string, number>();
  private readonly pendingNotify = new Map<string, AbortController>();
  private readonly notifyIntervalMs: number;
  private isClosed = false;

  constructor(private readonly opts: { clock: Clock; notifyIntervalMs?: number }) {
    this.notifyIntervalMs = opts.notifyIntervalMs ?? DEFAULT_NOTIFY_INTERVAL_MS;
  }

  /** Calls `listener` with the owner whose drain changed; returns a function that unsubscribes. */
  subscribe(listener: (owner: ObjectKey) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The owner's drain, or undefined when none was started (or it was stopped). */
  get(owner: ObjectKey): DrainRunState | undefined {
    return this.runs.get(keyString(owner))?.state;
  }

  /**
   * The owner's drain: the one running or ended (until stopped), else a new one from `request()`. A run
   * that failed stays until stopped, so the owner can report its error and retry with backoff.
   */
  ensure(owner: ObjectKey, request: () => DrainRunRequest): DrainRunState {
    if (this.isClosed) throw new DOMException('the drains were stopped', 'AbortError');
    return this.runs.get(keyString(owner))?.state ?? this.start(owner, request());
  }

  /** Stops the owner's drain (what it wrote to the nodes stays) and forgets it. */
  async stop(owner: ObjectKey): Promise<void> {
    const key = keyString(owner);
    const run = this.runs.get(key);
    this.runs.delete(key);
    this.pendingNotify.get(key)?.abort();
    this.pendingNotify.delete(key);
    this.lastNotifiedMs.delete(key);
    if (!run) return;
    run.abort.abort(new DOMException('drain stopped', 'AbortError'));
    await run.done;
  }

  /** Stops every drain and starts no more (leadership lost, shutdown). */
  async stopAll(): Promise<void> {
    this.isClosed = true;
    await Promise.all(
      [...this.runs.keys()].map((key) => {
        const [namespace = '', name = ''] = key.split('/');
        return this.stop({ namespace, name });
      }),
    );
  }

  private start(owner: ObjectKey, request: DrainRunRequest): DrainRunState {
    const key = keyString(owner);
    const abort = new AbortController();
    const state: DrainRunState = {
      isRunning: true,
      reports: [],
      nodes: [...request.nodes],
      lastProgressMs: this.opts.clock.now(),
    };
    const byNode = new Map<string, DrainReport>();
    const run: Run = { state, byNode, abort, done: Promise.resolve() };
    const isCurrent = (): boolean => this.runs.get(key) === run;
    const options: DrainNodesOptions = {
      ...request.options,
      clock: request.options.clock ?? this.opts.clock,
      onReport: (report) => {
        const before = byNode.get(report.node);
        const hasLeft = report.evicted.length + report.forced.length > 0;
        if (hasLeft || (before !== undefined && report.remaining < before.remaining))
          state.lastProgressMs = this.opts.clock.now();
        byNode.set(report.node, report);
        state.reports = request.nodes.flatMap((n) => byNode.get(n) ?? []);
        if (report.phase !== DrainPhase.Drained) request.onReport?.(report);
        if (isCurrent()) this.notify(owner, false);
      },
      onDrained: (report) => request.onReport?.(report),
      // Pods leave between a pass's reports too: the owner sees the drain moving from the last one.
      onEvicted: () => {
        state.lastProgressMs = this.opts.clock.now();
        if (request.wakeOnEviction && isCurrent()) this.notify(owner, false);
      },
      onSoak: (untilMs) => {
        if (untilMs === undefined) delete state.soakUntilMs;
        else state.soakUntilMs = untilMs;
        if (isCurrent()) this.notify(owner, false);
      },
    };
    run.done = drainNodes(request.nodes, options, abort.signal).then(
      (result) => {
        state.result = result;
        state.reports = result.reports;
      },
      (err: unknown) => {
        state.error = err;
      },
    );
    void run.done.then(() => {
      state.isRunning = false;
      if (isCurrent()) this.notify(owner, true);
    });
    this.runs.set(key, run);
    return state;
  }

  /** Tells the listeners now when `isFinal` or the interval has passed, else once the interval has. */
  private notify(owner: ObjectKey, isFinal: boolean): void {
    const key = keyString(owner);
    const nowMs = this.opts.clock.now();
    const last = this.lastNotifiedMs.get(key) ?? 0;
    const fire = (): void => {
      this.pendingNotify.delete(key);
      this.lastNotifiedMs.set(key, this.opts.clock.now());
      for (const listener of [...this.listeners]) listener(owner);
    };
    if (isFinal || nowMs - last >= this.notifyIntervalMs) {
      this.pendingNotify.get(key)?.abort();
      fire();
      return;
    }
    if (this.pendingNotify.has(key)) return;
    const timer = new AbortController();
    this.pendingNotify.set(key, timer);
    this.opts.clock.sleep(last + this.notifyIntervalMs - nowMs, timer.signal).then(fire, () => undefined);
  }
}
