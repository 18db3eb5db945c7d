import { SimTime, formatMinutes } from './sim-time.js';

describe('simulated time', () => {
  it('turns simulated minutes into real milliseconds at the time scale', () => {
    expect(new SimTime(0.01).realMs(30)).toBe(18_000);
    expect(new SimTime().realMs(1)).toBe(60_000);
  });

  it('keeps scaled intervals within bounds', () => {
    const time = new SimTime(0.001);
    expect(time.realIntervalMs(5_000, { minMs: 200, maxMs: 5_000 })).toBe(200);
    expect(new SimTime(10).realIntervalMs(5_000, { minMs: 200, maxMs: 5_000 })).toBe(5_000);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses time scale %d', (scale) => {
    expect(() => new SimTime(scale)).toThrow(/invalid timeScale/);
  });

  it.each([
    [5, '5m0s'],
    [0.5, '0m30s'],
    [90, '1h30m0s'],
  ])('prints %d minutes as %s', (minutes, text) => {
    expect(formatMinutes(minutes)).toBe(text);
  });
});
