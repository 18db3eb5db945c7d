import { ManualClock } from '../runtime/index.js';
import { ArmBudget, isOperationPoll, requestClass } from './arm-budget.js';

const LIMITS = {
  reads: { capacity: 3, refillPerSecond: 2 },
  writes: { capacity: 1, refillPerSecond: 1 },
};

function budget(): { clock: ManualClock; budget: ArmBudget; waits: number[] } {
  const clock = new ManualClock();
  const waits: number[] = [];
  return { clock, budget: new ArmBudget(LIMITS, clock, (_cls, ms) => waits.push(ms)), waits };
}

/** Starts a take and records when it is granted, in grant order. */
function track(b: ArmBudget, granted: string[], name: string, ...args: Parameters<ArmBudget['take']>) {
  return b.take(...args).then(() => {
    granted.push(name);
  });
}

describe('ArmBudget', () => {
  it('grants the burst at once, then one token per refill interval', async () => {
    const { clock, budget: b, waits } = budget();
    const granted: string[] = [];
    for (const n of ['a', 'b', 'c', 'd', 'e']) void track(b, granted, n, 'reads', 'call');
    await clock.advance(0);
    expect(granted).toEqual(['a', 'b', 'c']);
    await clock.advance(499);
    expect(granted).toEqual(['a', 'b', 'c']);
    await clock.advance(1);
    expect(granted).toEqual(['a', 'b', 'c', 'd']);
    await clock.advance(500);
    expect(granted).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(waits).toEqual([0, 0, 0, 500, 1000]);
  });

  it('keeps reads and writes in separate buckets', async () => {
    const { clock, budget: b } = budget();
    const granted: string[] = [];
    void track(b, granted, 'w1', 'writes', 'call');
    void track(b, granted, 'w2', 'writes', 'call');
    void track(b, granted, 'r1', 'reads', 'call');
    await clock.advance(0);
    expect(granted).toEqual(['w1', 'r1']);
    await clock.advance(1000);
    expect(granted).toEqual(['w1', 'r1', 'w2']);
  });

  it('lets a waiting poll of a running operation go before waiting calls, and polls in their order', async () => {
    const { clock, budget: b } = budget();
    const granted: string[] = [];
    for (const n of ['a', 'b', 'c']) void track(b, granted, n, 'reads', 'call');
    void track(b, granted, 'call1', 'reads', 'call');
    void track(b, granted, 'poll1', 'reads', 'poll');
    void track(b, granted, 'poll2', 'reads', 'poll');
    await clock.advance(1500);
    expect(granted).toEqual(['a', 'b', 'c', 'poll1', 'poll2', 'call1']);
  });

  it("never counts more tokens than ARM reports left, and refills from ARM's count", async () => {
    const { clock, budget: b } = budget();
    const granted: string[] = [];
    b.observeRemaining('reads', 1);
    void track(b, granted, 'a', 'reads', 'call');
    void track(b, granted, 'b', 'reads', 'call');
    await clock.advance(0);
    expect(granted).toEqual(['a']);
    b.observeRemaining('reads', 200);
    await clock.advance(0);
    expect(granted).toEqual(['a']);
    await clock.advance(500);
    expect(granted).toEqual(['a', 'b']);
  });

  it('empties the bucket on a 429', async () => {
    const { clock, budget: b } = budget();
    const granted: string[] = [];
    b.observeThrottled('reads');
    void track(b, granted, 'a', 'reads', 'call');
    await clock.advance(499);
    expect(granted).toEqual([]);
    await clock.advance(1);
    expect(granted).toEqual(['a']);
  });

  it('gives up the wait of an aborted call without spending its token', async () => {
    const { clock, budget: b } = budget();
    const granted: string[] = [];
    b.observeThrottled('writes');
    const abort = new AbortController();
    const aborted = b.take('writes', 'call', abort.signal);
    void track(b, granted, 'next', 'writes', 'call');
    abort.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    await clock.advance(1000);
    expect(granted).toEqual(['next']);
  });

  it('takes a share of the limits set at run time: burst and refill scale, and a larger share refills from there', async () => {
    const clock = new ManualClock();
    const b = new ArmBudget({ reads: { capacity: 4, refillPerSecond: 4 }, writes: LIMITS.writes }, clock);
    const grantedAt = (n: number) => {
      const at: number[] = [];
      for (let i = 0; i < n; i++) void b.take('reads', 'call').then(() => at.push(clock.now() - start));
      const start = clock.now();
      return at;
    };
    b.setShare(0.5);
    const half = grantedAt(4);
    await clock.advance(2_000);
    expect(half).toEqual([0, 0, 500, 1000]);
    await clock.advance(10_000);
    const capped = grantedAt(3);
    await clock.advance(0);
    expect(capped).toEqual([0, 0]);
    await clock.advance(10_000);
    b.setShare(1);
    await clock.advance(1_000);
    const whole = grantedAt(5);
    await clock.advance(2_000);
    expect(whole).toEqual([0, 0, 0, 0, 250]);
  });
});

describe('ARM request classes', () => {
  it.each([
    ['GET', 'reads'],
    ['HEAD', 'reads'],
    ['PUT', 'writes'],
    ['POST', 'writes'],
    ['DELETE', 'writes'],
    ['PATCH', 'writes'],
  ])('counts %s as %s', (method, cls) => {
    expect(requestClass(method)).toBe(cls);
  });

  it.each([
    ['/subscriptions/s/providers/Microsoft.ContainerService/locations/eastus/operations/abc', true],
    ['/subscriptions/s/providers/Microsoft.ContainerService/locations/eastus/operationresults/abc', true],
    ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1', false],
  ])('tells an operation poll by its URL: %s', (path, isPoll) => {
    expect(isOperationPoll({ method: 'GET', url: `https://management.azure.com${path}?api-version=x` })).toBe(
      isPoll,
    );
  });
});
