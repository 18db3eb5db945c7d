import { mapLimit, median, percentile } from './stats.js';

describe('stats', () => {
  it.each([
    [[3, 1, 2], 50, 2],
    [[4, 1, 3, 2], 50, 2],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90, 90],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 99, 100],
  ])('takes the nearest-rank percentile of %j at p%s', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('has no median of nothing', () => {
    expect(median([])).toBeNaN();
  });

  it('keeps input order and never exceeds the limit in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, n));
      inFlight -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });
});
