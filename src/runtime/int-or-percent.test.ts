import { scaledValue } from './int-or-percent.js';

describe('scaledValue', () => {
  it.each([
    [1, 3, 1],
    ['0%', 3, 0],
    ['10%', 3, 1],
    ['50%', 3, 2],
    ['90%', 3, 3],
    ['100%', 7, 7],
    ['2', 5, 2],
  ] as const)('%s of %d pods rounds up to %d', (value, total, want) => {
    expect(scaledValue(value, total)).toBe(want);
  });
});
