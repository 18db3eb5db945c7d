import { ManualClock, settle } from './clock.js';
import { LeaderElector } from './leader-election.js';
import { FakeLease } from './testing/fake-lease-client.js';

const LEASE_MS = 15_000;
const RENEW_MS = 10_000;
const RETRY_MS = 2_000;

function elector(lease: FakeLease, clock: ManualClock, identity: string) {
  const log: string[] = [];
  let leadingSignal: AbortSignal | undefined;
  const e = new LeaderElector({
    lease: lease.client(),
    identity,
    clock,
    leaseDurationMs: LEASE_MS,
    renewDeadlineMs: RENEW_MS,
    retryPeriodMs: RETRY_MS,
    onStartedLeading: (signal) => {
      leadingSignal = signal;
      log.push('started');
    },
    onStoppedLeading: (reason) => log.push(`stopped:${reason}`),
  });
  return { e, log, signal: () => leadingSignal };
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
    const lastRenewal = clock.now();
    const waited = await advanceUntil(clock, () => b.e.isLeader(), LEASE_MS + 3 * RETRY_MS);
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
