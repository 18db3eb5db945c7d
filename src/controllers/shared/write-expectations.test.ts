import { ManualClock } from '../../runtime/index.js';
import { MAX_CACHE_LAG_MS, WriteExpectations } from './write-expectations.js';

const obj = (rv: string) => ({ metadata: { uid: 'u1', resourceVersion: rv } });

describe('WriteExpectations', () => {
  it('holds a reconcile while the cache still shows the version our write replaced', () => {
    const clock = new ManualClock();
    const e = new WriteExpectations(clock);
    e.wrote(obj('5'));
    expect(e.isStale(obj('5'))).toBe(true);
    expect(e.isStale(obj('6'))).toBe(false);
    // Seen once caught up, the expectation is gone.
    expect(e.isStale(obj('5'))).toBe(false);
  });

  it('gives up waiting after a bound', async () => {
    const clock = new ManualClock();
    const e = new WriteExpectations(clock);
    e.wrote(obj('5'));
    await clock.advance(MAX_CACHE_LAG_MS + 1);
    expect(e.isStale(obj('5'))).toBe(false);
  });

  it('knows nothing of objects it never wrote', () => {
    expect(new WriteExpectations(new ManualClock()).isStale(obj('1'))).toBe(false);
  });
});
