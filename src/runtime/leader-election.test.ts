import { ManualClock, settle } from './clock.js';
import { LeaderElector } from './leader-election.js';
import { FakeLease } from './testing/fake-lease-client.js';

const LEASE_MS = 15_000;
const RENEW_MS = 10_000;
const RETRY_MS = 2_000;

function elector(lease: FakeLease, clock: ManualClock, identity: string) {
  const log: string[] = [];
  let leadingSignal: AbortSignal | undefined;
  let abortedAt: number | undefined;
  const e = new LeaderElector({
    lease: lease.client(),
    identity,
    clock,
    leaseDurationMs: LEASE_MS,
    renewDeadlineMs: RENEW_MS,
    retryPeriodMs: RETRY_MS,
    onStartedLeading: (signal) => {
      leadingSignal = signal;
      signal.addEventListener('abort', () => (abortedAt = clock.now()), { once: true });
      log.push('started');
    },
    onStoppedLeading: (reason) => log.push(`stopped:${reason}`),
  });
  return { e, log, signal: () => leadingSignal, abortedAt: () => abortedAt };
}

/** Advances in retry-sized steps until `cond` holds; returns the time it took. */
async function advanceUntil(clock: ManualClock, cond: () => boolean, limitMs: number): Promise<number> {
  const start = clock.now();
  while (!cond()) {
    if (clock.now() - start > limitMs) throw new Error(`condition not met within ${limitMs} ms`);
    await clock.advance(100);
  }
  return clock.now() - start;
}

describe('LeaderElector', () => {
  const running: LeaderElector[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((e) => e.stop({ release: false })));
  });

  it('creates a missing lease and leads', async () => {
    const clock = new ManualClock(0);
    const lease = new FakeLease();
    const a = elector(lease, clock, 'a');
    running.push(a.e);
    a.e.start();
    await settle();
    expect(a.e.isLeader()).toBe(true);
    expect(a.log).toEqual(['started']);
    expect(lease.record).toMatchObject({
      holderIdentity: 'a',
      leaseDurationSeconds: 15,
      leaseTransitions: 0,
    });
    expect(lease.record?.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('a standby does not take a lease its holder keeps renewing', async () => {
    const clock = new ManualClock(0);
    const lease = new FakeLease();
    const a = elector(lease, clock, 'a');
    const b = elector(lease, clock, 'b');
    running.push(a.e, b.e);
    a.e.start();
    await settle();
    b.e.start();
    await clock.advance(60_000);
    expect(a.e.isLeader()).toBe(true);
    expect(b.e.isLeader()).toBe(false);
    expect(b.e.leader).toBe('a');
  });

  it('after the leader crashes, a standby takes over once leaseDuration passes without renewal, and not before', async () => {
    const clock = new ManualClock(0);
    const lease = new FakeLease();
    const a = elector(lease, clock, 'a');
    const b = elector(lease, clock, 'b');
    running.push(b.e);
    a.e.start();
    await settle();
    b.e.start();
    await clock.advance(5_000);
    await a.e.stop({ release: false });
    // a's last renewal is the renewTime it wrote, which may lie before the stop.
    const lastRenewal = Date.parse(lease.record?.renewTime ?? '');
    expect(lastRenewal).toBeLessThanOrEqual(clock.now());
    const waited = await advanceUntil(clock, () => b.e.isLeader(), LEASE_MS + 5 * RETRY_MS);
    // Expiry counts from when b last saw the record change, which is no earlier than a's last renewal.
    expect(clock.now() - lastRenewal).toBeGreaterThanOrEqual(LEASE_MS);
    // b saw a's last renewal at most one jittered retry (< 2.2 × retry) late, and takes the lease at its
    // first retry after expiry (another < 2.2 × retry).
    expect(waited).toBeLessThanOrEqual(LEASE_MS + 2 * RETRY_MS * 2.2 + 100);
    expect(lease.record).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
  });

  it('a graceful stop clears holderIdentity so a standby takes over at its next retry', async () => {
    const clock = new ManualClock(0);
    const lease = new FakeLease();
    const a = elector(lease, clock, 'a');
    const b = elector(lease, clock, 'b');
    running.push(b.e);
    a.e.start();
    await settle();
    b.e.start();
    await clock.advance(5_000);
    await a.e.stop();
    expect(lease.record?.holderIdentity).toBe('');
    expect(a.log).toEqual(['started', 'stopped:stopped']);
    expect(a.signal()?.aborted).toBe(true);
    const waited = await advanceUntil(clock, () => b.e.isLeader(), LEASE_MS);
    expect(waited).toBeLessThanOrEqual(RETRY_MS * 2.2 + 100);
  });

  it('gives up leadership when it cannot renew for renewDeadline', async () => {
    const clock = new ManualClock(0);
    const lease = new FakeLease();
    const a = elector(lease, clock, 'a');
    running.push(a.e);
    a.e.start();
    await settle();
    lease.unreachable = true;
    await advanceUntil(clock, () => !a.e.isLeader(), RENEW_MS + 2 * RETRY_MS);
    expect(a.log).toEqual(['started', 'stopped:lost']);
    expect(a.signal()?.aborted).toBe(true);
    expect(a.e.isRunning).toBe(false);
  });

  /** Start of the last renewal that reached the lease: others count its expiry from no earlier. */
  const lastRenewalStart = (lease: FakeLease): number => {
    const updates = lease.calls.filter((c) => c.method === 'update' && c.abortedAt === undefined);
    return updates.at(-1)?.startedAt ?? 0;
  };

  it.each(['honouringAbort', 'ignoringAbort'] as const)(
    'a leader whose lease server hangs (%s) stops within renewDeadline of its last renewal, before the lease can expire',
    async (hangs) => {
      const clock = new ManualClock(0);
      const lease = new FakeLease(clock);
      const a = elector(lease, clock, 'a');
      running.push(a.e);
      a.e.start();
      await settle();
      await clock.advance(3 * RETRY_MS);
      const renewedAt = lastRenewalStart(lease);
      expect(renewedAt).toBe(3 * RETRY_MS);
      lease.hangs = hangs;
      await advanceUntil(clock, () => a.signal()?.aborted === true, LEASE_MS);
      expect(a.log).toEqual(['started', 'stopped:lost']);
      expect(a.e.isLeader()).toBe(false);
      // The fence: aborted no later than renewDeadline after the last renewal began, inside the lease.
      expect((a.abortedAt() ?? Infinity) - renewedAt).toBeLessThanOrEqual(RENEW_MS);
      expect((a.abortedAt() ?? Infinity) - renewedAt).toBeLessThan(LEASE_MS);
    },
  );

  it('cuts off every renewal attempt at the renew deadline, not a fresh timeout per attempt', async () => {
    const clock = new ManualClock(0);
    const lease = new FakeLease(clock);
    const a = elector(lease, clock, 'a');
    running.push(a.e);
    a.e.start();
    await settle();
    const renewedAt = lastRenewalStart(lease);
    // Fail fast until just before the deadline, then hang: the last attempt gets only what is left.
    lease.unreachable = true;
    await clock.advance(RENEW_MS - RETRY_MS - 500);
    lease.unreachable = false;
    lease.hangs = 'honouringAbort';
    await advanceUntil(clock, () => !a.e.isLeader(), LEASE_MS);
    // The attempt that started at 8 s had 2 s left, and was cut off then.
    const cutOff = lease.calls.filter((c) => c.startedAt > renewedAt && c.abortedAt !== undefined);
    expect(cutOff.map((c) => [c.startedAt, c.abortedAt])).toEqual([[RENEW_MS - RETRY_MS, RENEW_MS]]);
    for (const call of cutOff) expect((call.abortedAt ?? Infinity) - renewedAt).toBeLessThanOrEqual(RENEW_MS);
    expect((a.abortedAt() ?? Infinity) - renewedAt).toBeLessThanOrEqual(RENEW_MS);
  });

  it('stops at once when another replica holds the lease, without waiting for the deadline', async () => {
    const clock = new ManualClock(0);
    const lease = new FakeLease(clock);
    const a = elector(lease, clock, 'a');
    running.push(a.e);
    a.e.start();
    await settle();
    // Someone took the lease over (an operator forcing it, or a missed expiry elsewhere).
    lease.record = { ...lease.record, holderIdentity: 'b' };
    lease.resourceVersion++;
    await advanceUntil(clock, () => !a.e.isLeader(), RENEW_MS);
    expect(a.abortedAt()).toBe(RETRY_MS);
    expect(a.log).toEqual(['started', 'stopped:lost']);
  });

  it('rejects timings where renewal could not fit in the lease', () => {
    const lease = new FakeLease();
    const make = (leaseDurationMs: number, renewDeadlineMs: number) =>
      new LeaderElector({
        lease: lease.client(),
        identity: 'x',
        leaseDurationMs,
        renewDeadlineMs,
        retryPeriodMs: 2000,
        onStartedLeading: () => undefined,
        onStoppedLeading: () => undefined,
      });
    expect(() => make(10_000, 10_000)).toThrow(/leaseDurationMs/);
    expect(() => make(15_000, 2_000)).toThrow(/renewDeadlineMs/);
  });
});
