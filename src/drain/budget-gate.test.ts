import type { V1PodDisruptionBudget } from '@kubernetes/client-node';
import { BudgetGate, UNCONFIRMED_EVICTION_TTL_MS } from './budget-gate.js';
import type { Denied, Permit } from './budget-gate.js';
import type { EvictionAnswer } from './eviction-answer.js';
import { makePdb, makePod } from './testing/fake-drain-cluster.js';

const signal = new AbortController().signal;
const KEY = 'shop/api-pdb';
const EVICTED: EvictionAnswer = { outcome: 'evicted' };
const REFUSED: EvictionAnswer = {
  outcome: 'refused',
  refusal: { reason: 'PDBBlocked', message: 'needs 2 healthy pods and has 2 currently', pdbName: 'api-pdb' },
};

function pdb(allowed: number, opts: { disrupted?: string[]; generation?: number; observed?: number } = {}) {
  const budget: V1PodDisruptionBudget = makePdb('api-pdb', {
    maxUnavailable: 1,
    status: { expectedPods: 3, desiredHealthy: 2, currentHealthy: 2 + allowed, disruptionsAllowed: allowed },
    ...(opts.generation !== undefined ? { generation: opts.generation } : {}),
    ...(opts.observed !== undefined ? { observedGeneration: opts.observed } : {}),
  });
  if (opts.disrupted && budget.status) {
    budget.status.disruptedPods = Object.fromEntries(opts.disrupted.map((p) => [p, new Date()]));
  }
  return budget;
}

/** Starts an acquire and records whether it has resolved, without awaiting it. */
function request(gate: BudgetGate, pod: string, opts: { mayWait?: boolean; budget?: string | null } = {}) {
  const state: { result?: Permit | Denied; error?: unknown } = {};
  const budget = opts.budget === null ? {} : { budget: opts.budget ?? KEY };
  const promise = gate.acquire({ pod, mayWait: opts.mayWait ?? true, ...budget }, signal).then(
    (r) => (state.result = r),
    (e: unknown) => (state.error = e),
  );
  return { state, promise };
}

const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function granted(state: { result?: Permit | Denied }): Permit {
  if (!state.result?.isGranted) throw new Error('expected a permit');
  return state.result;
}

describe('BudgetGate', () => {
  it('caps evictions in flight under a budget at its disruptionsAllowed', async () => {
    const gate = new BudgetGate({ isLive: true });
    gate.observe(pdb(2));
    const reqs = ['a', 'b', 'c'].map((p) => request(gate, p));
    await settled();
    expect(reqs.map((r) => r.state.result?.isGranted)).toEqual([true, true, undefined]);
    expect(gate.available(KEY)).toBe(0);
  });

  it('frees the next slot the moment the status counts an eviction still waiting for its answer', async () => {
    const gate = new BudgetGate({ isLive: true });
    gate.observe(pdb(3));
    const first = request(gate, 'a');
    const second = request(gate, 'b');
    await settled();
    granted(first.state);
    granted(second.state);
    expect(gate.available(KEY)).toBe(1);
    // The server counted a (allowed 3 → 2) before its answer reached us: a is in the 2 already.
    gate.observe(pdb(2, { disrupted: ['a'] }));
    expect(gate.available(KEY)).toBe(1);
    const third = request(gate, 'c');
    await settled();
    granted(third.state);
    expect(gate.available(KEY)).toBe(0);
  });

  it('lets one eviction at a time through a budget whose status is unknown', async () => {
    const gate = new BudgetGate();
    const first = request(gate, 'a');
    const second = request(gate, 'b');
    await settled();
    expect(second.state.result).toBeUndefined();
    granted(first.state).settle(EVICTED);
    await settled();
    expect(second.state.result?.isGranted).toBe(true);
  });

  it('treats a status the PDB controller has not caught up with as unknown', async () => {
    const gate = new BudgetGate({ isLive: true });
    gate.observe(pdb(3, { generation: 2, observed: 1 }));
    const reqs = ['a', 'b'].map((p) => request(gate, p));
    await settled();
    expect(reqs.map((r) => r.state.result?.isGranted)).toEqual([true, undefined]);
  });

  it('counts an accepted eviction until a status shows the pod disrupted, then follows the status', async () => {
    const gate = new BudgetGate({ isLive: true });
    gate.observe(pdb(1));
    const first = request(gate, 'a');
    await settled();
    granted(first.state).settle(EVICTED);
    const next = request(gate, 'b');
    await settled();
    expect(next.state.result).toBeUndefined(); // the stale status still says 1
    gate.observe(pdb(0, { disrupted: ['a'] }));
    await settled();
    expect(next.state.result).toBeUndefined();
    gate.observe(pdb(1)); // the replacement is Ready: the budget allows again
    await settled();
    expect(next.state.result?.isGranted).toBe(true);
  });

  it('does not count an eviction twice when its decrement was watched before the answer arrived', async () => {
    const gate = new BudgetGate({ isLive: true });
    gate.observe(pdb(2));
    const first = request(gate, 'a');
    await settled();
    gate.observe(pdb(1, { disrupted: ['a'] }));
    granted(first.state).settle(EVICTED);
    expect(gate.available(KEY)).toBe(1);
  });

  it('stops counting an unconfirmed eviction after a while, so a missed status cannot stall the drain', async () => {
    let now = 1_000_000;
    const gate = new BudgetGate({ isLive: true, now: () => now });
    gate.observe(pdb(1));
    const first = request(gate, 'a');
    await settled();
    granted(first.state).settle(EVICTED);
    expect(gate.available(KEY)).toBe(0);
    now += UNCONFIRMED_EVICTION_TTL_MS + 1;
    expect(gate.available(KEY)).toBe(1);
  });

  it('a refusal spends the budget until its next status: callers that may not wait are denied with it', async () => {
    const gate = new BudgetGate({ isLive: true });
    gate.observe(pdb(1));
    const first = request(gate, 'a');
    await settled();
    granted(first.state).settle(REFUSED);
    const noWait = request(gate, 'b', { mayWait: false });
    const waits = request(gate, 'c');
    await settled();
    expect(noWait.state.result).toEqual({
      isGranted: false,
      refusal: (REFUSED as { refusal: unknown }).refusal,
    });
    expect(waits.state.result).toBeUndefined();
    gate.observe(pdb(1));
    await settled();
    expect(waits.state.result?.isGranted).toBe(true);
  });

  it('a caller that may not wait still waits for an eviction in flight to answer', async () => {
    const gate = new BudgetGate();
    const first = request(gate, 'a');
    const second = request(gate, 'b', { mayWait: false });
    await settled();
    expect(second.state.result).toBeUndefined();
    granted(first.state).settle(EVICTED);
    await settled();
    expect(second.state.result?.isGranted).toBe(true);
  });

  it('denies a waiting request when its wait expires, and rejects when the drain is aborted', async () => {
    const gate = new BudgetGate({ isLive: true });
    gate.observe(pdb(0));
    const expired = new AbortController();
    const waiting = gate.acquire({ pod: 'a', budget: KEY, mayWait: true, expired: expired.signal }, signal);
    expired.abort();
    await expect(waiting).resolves.toEqual({ isGranted: false });
    const abort = new AbortController();
    const aborted = gate.acquire({ pod: 'b', budget: KEY, mayWait: true }, abort.signal);
    abort.abort(new Error('stopped'));
    await expect(aborted).rejects.toThrow('stopped');
  });

  it('pods under no budget are limited only by the global cap', async () => {
    const gate = new BudgetGate({ maxInFlight: 2 });
    const reqs = ['a', 'b', 'c'].map((p) => request(gate, p, { budget: null }));
    await settled();
    expect(reqs.map((r) => r.state.result?.isGranted)).toEqual([true, true, undefined]);
    granted(reqs[0]?.state ?? {}).settle(EVICTED);
    await settled();
    expect(reqs[2]?.state.result?.isGranted).toBe(true);
  });

  it('finds the budgets selecting a pod from the watched ones, and knows none when not live', () => {
    const live = new BudgetGate({ isLive: true });
    live.observe(pdb(1));
    live.observe(makePdb('web-pdb', { selector: { app: 'web' } }));
    expect(live.budgetsOf(makePod('api-0'))).toEqual([KEY]);
    expect(new BudgetGate().budgetsOf(makePod('api-0'))).toBeUndefined();
  });

  it('tells subscribers about every change', () => {
    const gate = new BudgetGate({ isLive: true });
    const seen: number[] = [];
    const unsubscribe = gate.subscribe(() => seen.push(gate.available(KEY)));
    gate.observe(pdb(1));
    gate.observe(pdb(0));
    unsubscribe();
    gate.observe(pdb(1));
    expect(seen).toEqual([1, 0]);
  });
});
