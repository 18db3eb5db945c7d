// Per-PDB eviction limiter shared by every node of a drain: never more evictions in flight under a budget
// than its status allows (one when the status is unknown), and the next one released the moment the
// budget's own status allows again. The API server still decides; this only avoids asking in vain.

import type { V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';
import { selectorMatches } from '../runtime/index.js';
import type { EvictionAnswer, EvictionRefusal } from './eviction-answer.js';
import { BlockReason } from './types.js';

/** Evictions in flight across all nodes and budgets. */
export const DEFAULT_MAX_EVICTIONS_IN_FLIGHT = 50;
/**
 * An eviction the server accepted counts against its budget until a status shows the pod in
 * `disruptedPods`. If that status is never seen (a relist skipped it), stop counting after this long.
 */
export const UNCONFIRMED_EVICTION_TTL_MS = 5_000;

export interface Permit {
  isGranted: true;
  /** Reports what the server answered (undefined: nothing was sent); frees the slot. Once is enough. */
  settle(answer: EvictionAnswer | undefined): void;
}

export interface Denied {
  isGranted: false;
  /** The server's last refusal under this budget, when it gave one. */
  refusal?: EvictionRefusal;
}

export interface AcquireRequest {
  /** `namespace/name` of the one budget selecting the pod; undefined: only the global cap applies. */
  budget?: string;
  pod: string;
  /** Whether to wait for a spent budget to allow again; when false a spent budget denies at once. */
  mayWait: boolean;
  /** Aborts the wait: the request is denied (not rejected). */
  expired?: AbortSignal;
}

/** An eviction sent under a budget whose answer has not come back yet. */
interface InFlight {
  pod: string;
  /** The budget's status events seen when it was sent. */
  eventsAtSend: number;
}

interface Budget {
  /** `status.disruptionsAllowed` when the status is current; undefined when unknown or stale. */
  allowed: number | undefined;
  inFlight: Set<InFlight>;
  /** Pod name → when the server accepted its eviction, while no status has shown the decrement. */
  unconfirmed: Map<string, number>;
  /** Status events seen for this budget, and the event each disrupted pod name was last seen in. */
  events: number;
  lastSeen: Map<string, number>;
  /** A 429 said the budget is spent: nothing more until its next status. */
  isSpent: boolean;
  lastRefusal?: EvictionRefusal;
  /** When the server last accepted an eviction under this budget (ms). */
  lastEvictedMs?: number;
}

interface Waiter {
  request: AcquireRequest;
  grant: (result: Permit | Denied) => void;
}

export interface BudgetGateOptions {
  maxInFlight?: number;
  now?: () => number;
  /** True when budget statuses are fed by a watch, so waiting for one to allow again can end. */
  isLive?: boolean;
}

/**
 * Evictions in flight the budget's status does not count yet: one the server already counted (its pod in
 * a `disruptedPods` seen since it was sent) is in `allowed` already and would be counted twice.
 */
function uncounted(budget: Budget): number {
  let n = 0;
  for (const sent of budget.inFlight) if ((budget.lastSeen.get(sent.pod) ?? 0) <= sent.eventsAtSend) n++;
  return n;
}

const keyOf = (pdb: V1PodDisruptionBudget): string =>
  `${pdb.metadata?.namespace ?? ''}/${pdb.metadata?.name ?? ''}`;

export class BudgetGate {
  readonly isLive: boolean;
  readonly maxInFlight: number;
  private readonly now: () => number;
  private readonly budgets = new Map<string, Budget>();
  private readonly pdbs = new Map<string, V1PodDisruptionBudget>();
  private readonly waiters: Waiter[] = [];
  private readonly listeners = new Set<() => void>();
  private inFlight = 0;

  constructor(options: BudgetGateOptions = {}) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? DEFAULT_MAX_EVICTIONS_IN_FLIGHT);
    this.now = options.now ?? Date.now;
    this.isLive = options.isLive ?? false;
  }

  /** A budget's latest state from a watch: its allowance, and the evictions it has counted. */
  observe(pdb: V1PodDisruptionBudget): void {
    const key = keyOf(pdb);
    this.pdbs.set(key, pdb);
    const budget = this.budget(key);
    const status = pdb.status;
    const isCurrent =
      status !== undefined && (status.observedGeneration ?? 0) >= (pdb.metadata?.generation ?? 0);
    budget.allowed = isCurrent ? Math.max(0, status?.disruptionsAllowed ?? 0) : undefined;
    budget.events++;
    for (const name of Object.keys(status?.disruptedPods ?? {})) {
      budget.lastSeen.set(name, budget.events);
      budget.unconfirmed.delete(name);
    }
    budget.isSpent = false;
    this.changed();
  }

  forget(pdb: V1PodDisruptionBudget): void {
    const key = keyOf(pdb);
    this.pdbs.delete(key);
    const budget = this.budgets.get(key);
    if (budget) {
      budget.allowed = undefined;
      budget.isSpent = false;
      budget.unconfirmed.clear();
    }
    this.changed();
  }

  /** Keys of the budgets selecting the pod, from the watched budgets; undefined when not live. */
  budgetsOf(pod: V1Pod): string[] | undefined {
    if (!this.isLive) return undefined;
    const namespace = pod.metadata?.namespace ?? '';
    return [...this.pdbs.entries()]
      .filter(
        ([, pdb]) =>
          pdb.metadata?.namespace === namespace && selectorMatches(pdb.spec?.selector, pod.metadata?.labels),
      )
      .map(([key]) => key);
  }

  /** The watched budget, if any. */
  pdb(key: string): V1PodDisruptionBudget | undefined {
    return this.pdbs.get(key);
  }

  /** Evictions the budget would let through now (ignoring the global cap). */
  available(key: string): number {
    const budget = this.budgets.get(key);
    if (!budget) return 1;
    this.expireUnconfirmed(budget);
    if (budget.isSpent) return 0;
    if (budget.allowed === undefined) return Math.max(0, 1 - budget.inFlight.size);
    return Math.max(0, budget.allowed - uncounted(budget) - budget.unconfirmed.size);
  }

  /** When the server last accepted an eviction under the budget (ms); undefined when none yet. */
  lastEvictedMs(key: string): number | undefined {
    return this.budgets.get(key)?.lastEvictedMs;
  }

  /** Calls `listener` after every change of a budget or of the evictions in flight. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves with a permit once the budget and the global cap allow one more eviction. Denies at once
   * when the budget is spent and `mayWait` is false, and when `expired` aborts; rejects when `signal` does.
   */
  acquire(request: AcquireRequest, signal: AbortSignal): Promise<Permit | Denied> {
    signal.throwIfAborted();
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        signal.removeEventListener('abort', onAbort);
        request.expired?.removeEventListener('abort', onExpired);
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
      };
      const waiter: Waiter = {
        request,
        grant: (result) => {
          cleanup();
          resolve(result);
        },
      };
      const onAbort = (): void => {
        cleanup();
        reject(signal.reason);
      };
      const onExpired = (): void => waiter.grant(this.denial(request.budget));
      signal.addEventListener('abort', onAbort, { once: true });
      request.expired?.addEventListener('abort', onExpired, { once: true });
      this.waiters.push(waiter);
      if (request.expired?.aborted) onExpired();
      else this.pump();
    });
  }

  private budget(key: string): Budget {
    let budget = this.budgets.get(key);
    if (!budget) {
      budget = {
        allowed: undefined,
        inFlight: new Set(),
        unconfirmed: new Map(),
        events: 0,
        lastSeen: new Map(),
        isSpent: false,
      };
      this.budgets.set(key, budget);
    }
    return budget;
  }

  private expireUnconfirmed(budget: Budget): void {
    const oldest = this.now() - UNCONFIRMED_EVICTION_TTL_MS;
    for (const [name, at] of budget.unconfirmed) if (at < oldest) budget.unconfirmed.delete(name);
  }

  private denial(key: string | undefined): Denied {
    const refusal = key ? this.budgets.get(key)?.lastRefusal : undefined;
    return refusal ? { isGranted: false, refusal } : { isGranted: false };
  }

  /** Only the evictions in flight hold the budget back: waiting is short and always ends. */
  private isHeldByInFlight(key: string): boolean {
    const budget = this.budget(key);
    if (budget.isSpent) return false;
    if (budget.allowed === undefined) return budget.inFlight.size > 0;
    return budget.allowed - budget.unconfirmed.size > 0;
  }

  /** Grants waiters in arrival order while slots last; denies those that may not wait for a spent budget. */
  private pump(): void {
    for (const waiter of [...this.waiters]) {
      const { budget: key, mayWait } = waiter.request;
      if (key !== undefined && this.available(key) === 0) {
        if (!mayWait && !this.isHeldByInFlight(key)) waiter.grant(this.denial(key));
        continue;
      }
      if (this.inFlight >= this.maxInFlight) continue;
      waiter.grant(this.permit(key, waiter.request.pod));
    }
  }

  private permit(key: string | undefined, pod: string): Permit {
    const budget = key !== undefined ? this.budget(key) : undefined;
    const eventsAtSend = budget?.events ?? 0;
    const sent: InFlight = { pod, eventsAtSend };
    this.inFlight++;
    budget?.inFlight.add(sent);
    let isSettled = false;
    return {
      isGranted: true,
      settle: (answer) => {
        if (isSettled) return;
        isSettled = true;
        this.inFlight--;
        if (budget) {
          budget.inFlight.delete(sent);
          if (answer) this.record(budget, pod, answer, eventsAtSend);
        }
        this.changed();
      },
    };
  }

  private record(budget: Budget, pod: string, answer: EvictionAnswer, eventsAtSend: number): void {
    if (answer.outcome === 'evicted') {
      budget.lastEvictedMs = this.now();
      // The server's decrement may have been watched before its answer arrived.
      const isSeen = (budget.lastSeen.get(pod) ?? 0) > eventsAtSend;
      if (budget.allowed !== undefined && !isSeen) budget.unconfirmed.set(pod, this.now());
    } else if (answer.outcome === 'refused' && answer.refusal.reason === BlockReason.PDBBlocked) {
      budget.isSpent = true;
      budget.lastRefusal = answer.refusal;
    }
  }

  private changed(): void {
    this.pump();
    for (const listener of [...this.listeners]) listener();
  }
}
