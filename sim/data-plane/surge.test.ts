import { planBatch, surgeCount } from './surge.js';

describe('surge count', () => {
  it.each([
    ['1', 10, 1],
    ['5', 3, 5],
    ['33%', 10, 4],
    ['33%', 3, 1],
    ['50%', 5, 3],
    ['100%', 4, 4],
    ['10%', 3, 1],
    ['0', 3, 1],
    [undefined, 25, 3],
  ])(
    'maxSurge %s on %i nodes surges %i (percentages round up, at least one)',
    (maxSurge, count, expected) => {
      expect(surgeCount(maxSurge, count)).toBe(expected);
    },
  );

  it.each(['one', '-1', '33 %%', '1.5'])('refuses maxSurge %s', (maxSurge) => {
    expect(() => surgeCount(maxSurge, 3)).toThrow(/invalid maxSurge/);
  });
});

describe('batch plan', () => {
  it.each([
    [
      'a fresh upgrade adds one node per node replaced',
      { surge: 1, count: 3, pending: 3, upToDate: 0 },
      { replace: 1, add: 1 },
    ],
    [
      'the last batch is clamped to the nodes left',
      { surge: 2, count: 3, pending: 1, upToDate: 2 },
      { replace: 1, add: 1 },
    ],
    [
      'a resumed upgrade reuses surge nodes it already made',
      { surge: 1, count: 3, pending: 3, upToDate: 1 },
      { replace: 1, add: 0 },
    ],
    [
      'a pool growing during the upgrade adds the difference',
      { surge: 1, count: 4, pending: 2, upToDate: 0 },
      { replace: 1, add: 3 },
    ],
    [
      'nothing pending replaces nothing',
      { surge: 3, count: 3, pending: 0, upToDate: 3 },
      { replace: 0, add: 0 },
    ],
  ])('%s', (_name, input, expected) => {
    expect(planBatch(input)).toEqual(expected);
  });
});
