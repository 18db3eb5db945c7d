import {
  getCondition,
  initConditions,
  isFalse,
  isTrue,
  setCondition,
  setProgress,
  type Condition,
} from './conditions.js';

const T0 = Date.UTC(2025, 0, 1, 0, 0, 0);
const T1 = T0 + 60_000;

describe('setCondition', () => {
  const base = setCondition(
    undefined,
    { type: 'Ready', status: 'False', reason: 'Creating', message: 'm' },
    { observedGeneration: 1, now: T0 },
  );

  it('adds a condition stamped with generation and an RFC 3339 time', () => {
    expect(base).toEqual([
      {
        type: 'Ready',
        status: 'False',
        reason: 'Creating',
        message: 'm',
        lastTransitionTime: '2025-01-01T00:00:00Z',
        observedGeneration: 1,
      },
    ]);
  });

  it('keeps lastTransitionTime when only reason, message or generation change', () => {
    const next = setCondition(
      base,
      { type: 'Ready', status: 'False', reason: 'Updating', message: 'n' },
      { observedGeneration: 2, now: T1 },
    );
    expect(next[0]).toMatchObject({
      reason: 'Updating',
      message: 'n',
      observedGeneration: 2,
      lastTransitionTime: '2025-01-01T00:00:00Z',
    });
  });

  it('moves lastTransitionTime when status flips', () => {
    const next = setCondition(
      base,
      { type: 'Ready', status: 'True', reason: 'UpToDate' },
      { observedGeneration: 1, now: T1 },
    );
    expect(next[0]?.lastTransitionTime).toBe('2025-01-01T00:01:00Z');
    expect(next[0]?.message).toBe('');
  });

  it('does not modify its input and keeps the order of other conditions', () => {
    const two = setCondition(
      base,
      { type: 'Stalled', status: 'False', reason: 'UpToDate' },
      { observedGeneration: 1, now: T0 },
    );
    const snapshot = JSON.stringify(two);
    const updated = setCondition(
      two,
      { type: 'Ready', status: 'True', reason: 'UpToDate' },
      { observedGeneration: 1, now: T1 },
    );
    expect(JSON.stringify(two)).toBe(snapshot);
    expect(updated.map((c) => c.type)).toEqual(['Ready', 'Stalled']);
  });

  it('getCondition, isTrue and isFalse read by type', () => {
    expect(getCondition(base, 'Ready')?.reason).toBe('Creating');
    expect(isFalse(base, 'Ready')).toBe(true);
    expect(isTrue(base, 'Ready')).toBe(false);
    expect(isTrue(undefined, 'Ready')).toBe(false);
  });
});

describe('initConditions', () => {
  it('adds Unknown for missing types only', () => {
    const ready = setCondition(
      undefined,
      { type: 'Ready', status: 'True', reason: 'UpToDate' },
      { observedGeneration: 3, now: T0 },
    );
    const all = initConditions(ready, ['Ready', 'Reconciling', 'Stalled'], {
      observedGeneration: 3,
      now: T1,
    });
    expect(all.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Ready', 'True', 'UpToDate'],
      ['Reconciling', 'Unknown', 'Pending'],
      ['Stalled', 'Unknown', 'Pending'],
    ]);
  });
});

describe('setProgress', () => {
  const stamp = { observedGeneration: 4, now: T0 };
  const statuses = (c: Condition[]): string[] => c.map((x) => `${x.type}=${x.status}/${x.reason}`);

  it.each([
    ['ready', ['Ready=True/UpToDate', 'Reconciling=False/UpToDate', 'Stalled=False/UpToDate'], 'UpToDate'],
    [
      'reconciling',
      ['Ready=False/Creating', 'Reconciling=True/Creating', 'Stalled=False/Creating'],
      'Creating',
    ],
    [
      'stalled',
      [
        'Ready=False/VMCacheSizeTooSmall',
        'Reconciling=False/VMCacheSizeTooSmall',
        'Stalled=True/VMCacheSizeTooSmall',
      ],
      'VMCacheSizeTooSmall',
    ],
  ] as const)('%s sets the trio consistently', (state, expected, reason) => {
    const c = setProgress(undefined, { state, reason, message: 'why' }, stamp);
    expect(statuses(c)).toEqual(expected);
    expect(c.every((x) => x.observedGeneration === 4)).toBe(true);
  });

  it('puts the message on Ready and on the condition that is True', () => {
    const c = setProgress(undefined, { state: 'stalled', reason: 'Bad', message: 'fix spec.x' }, stamp);
    expect(c.map((x) => x.message)).toEqual(['fix spec.x', '', 'fix spec.x']);
  });
});
