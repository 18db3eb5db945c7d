import type { ActiveCapacity } from './active-capacity.js';
import { decideStandby, StandbyPhase, standbyPhase, type StandbyFacts } from './decide.js';

const NOW = Date.UTC(2026, 2, 2, 10, 0, 0);
const THRESHOLD = 10_000;

const short: ActiveCapacity = {
  desired: 3,
  ready: 1,
  capacityError: 'AllocationFailed',
  isOperationRunning: false,
  isKnown: true,
};
const full: ActiveCapacity = { desired: 3, ready: 3, isOperationRunning: false, isKnown: true };
const scaling: ActiveCapacity = { desired: 3, ready: 1, isOperationRunning: true, isKnown: true };

function facts(over: Partial<StandbyFacts> = {}): StandbyFacts {
  return {
    nowMs: NOW,
    thresholdMs: THRESHOLD,
    pollIntervalMs: 2_500,
    active: short,
    pending: { count: 0 },
    asked: 0,
    isStandbyApplied: true,
    ...over,
  };
}

const waitingFor = (ms: number, count = 2) => ({ count, oldestSinceMs: NOW - ms });

describe('decideStandby', () => {
  it.each([
    [
      'scales out by the shortfall once pods waited the threshold and Azure refuses nodes',
      facts({ pending: waitingFor(THRESHOLD) }),
      { action: 'scaleOut', count: 2 },
    ],
    [
      'scales out when nodes are missing and no operation brings them (spot eviction)',
      facts({ active: { ...full, ready: 2 }, pending: waitingFor(THRESHOLD + 1) }),
      { action: 'scaleOut', count: 1 },
    ],
    [
      'waits while pods have not waited the threshold yet',
      facts({ pending: waitingFor(THRESHOLD - 1) }),
      { action: 'wait' },
    ],
    [
      'waits while a running operation may still bring the nodes',
      facts({ active: scaling, pending: waitingFor(THRESHOLD * 3) }),
      { action: 'wait' },
    ],
    [
      'waits when the pool has all its nodes (pods wait for something else)',
      facts({ active: full, pending: waitingFor(THRESHOLD * 3) }),
      { action: 'wait' },
    ],
    ['waits when nothing is pending', facts(), { action: 'wait' }],
  ])('idle: %s', (_name, f, want) => {
    expect(decideStandby(f)).toMatchObject(want);
  });

  it('comes back at the poll interval while pods already waited long but the standby covers them', () => {
    const d = decideStandby(
      facts({ asked: 2, activeSinceMs: NOW - 60_000, pending: waitingFor(THRESHOLD * 3) }),
    );
    expect(d).toEqual({ action: 'wait', phase: StandbyPhase.Active, requeueAfterMs: 2_500 });
  });

  it('idle: comes back when the oldest pending pod reaches the threshold, not later', () => {
    const d = decideStandby(facts({ pending: waitingFor(THRESHOLD - 1_000) }));
    expect(d).toEqual({ action: 'wait', phase: StandbyPhase.Idle, requeueAfterMs: 1_000 });
  });

  it.each([
    [
      'grows the standby when the shortfall grew',
      facts({ asked: 1, activeSinceMs: NOW - 60_000, pending: waitingFor(THRESHOLD) }),
      { action: 'scaleOut', count: 2 },
    ],
    [
      'holds until Azure runs the standby at the count asked before asking more',
      facts({
        asked: 1,
        isStandbyApplied: false,
        activeSinceMs: NOW - 60_000,
        pending: waitingFor(THRESHOLD),
      }),
      { action: 'wait' },
    ],
    [
      'holds when the standby already covers the shortfall',
      facts({ asked: 2, activeSinceMs: NOW - 60_000, pending: waitingFor(THRESHOLD) }),
      { action: 'wait' },
    ],
    [
      'marks the recovery when the pool has all its nodes and nothing waits',
      facts({ asked: 2, active: full, activeSinceMs: NOW - 60_000 }),
      { action: 'markRecovered' },
    ],
    [
      'waits for the recovery to hold the threshold',
      facts({ asked: 2, active: full, recoveredSinceMs: NOW - THRESHOLD + 1 }),
      { action: 'wait' },
    ],
    [
      'starts draining once the recovery held the threshold',
      facts({ asked: 2, active: full, recoveredSinceMs: NOW - THRESHOLD }),
      { action: 'startDrain' },
    ],
    [
      'forgets the recovery when pods wait again',
      facts({ asked: 2, active: full, recoveredSinceMs: NOW - 1, pending: waitingFor(1) }),
      { action: 'clearRecovered' },
    ],
    [
      'forgets the recovery when capacity is lost again',
      facts({ asked: 2, recoveredSinceMs: NOW - 1 }),
      { action: 'clearRecovered' },
    ],
    [
      'does not call a pool with unknown node counts recovered',
      facts({ asked: 2, active: { desired: 0, ready: 0, isOperationRunning: false, isKnown: false } }),
      { action: 'wait' },
    ],
  ])('active: %s', (_name, f, want) => {
    expect(decideStandby(f)).toMatchObject(want);
  });

  it.each([
    [
      'drains while the pool stays recovered',
      facts({ asked: 2, active: full, drainingSinceMs: NOW - 1 }),
      { action: 'drain' },
    ],
    [
      'drains while evicted pods wait briefly for the pool',
      facts({ asked: 2, active: full, drainingSinceMs: NOW - 1, pending: waitingFor(1_000) }),
      { action: 'drain' },
    ],
    [
      'stops draining when capacity is lost again',
      facts({ asked: 2, drainingSinceMs: NOW - 1 }),
      { action: 'abortDrain' },
    ],
    [
      'stops draining when evicted pods find no room for the threshold',
      facts({ asked: 2, active: full, drainingSinceMs: NOW - 1, pending: waitingFor(THRESHOLD) }),
      { action: 'abortDrain' },
    ],
  ])('draining: %s', (_name, f, want) => {
    expect(decideStandby(f)).toMatchObject(want);
  });

  it.each([
    [{ asked: 0 }, StandbyPhase.Idle],
    [{ asked: 3 }, StandbyPhase.Active],
    // The count written, the active-since mark lost (a crash between the two writes): still in use.
    [{ asked: 0, activeSinceMs: NOW }, StandbyPhase.Active],
    [{ asked: 3, activeSinceMs: NOW, drainingSinceMs: NOW }, StandbyPhase.Draining],
  ])('reads the phase %p as %s', (f, phase) => {
    expect(standbyPhase(f)).toBe(phase);
  });
});
