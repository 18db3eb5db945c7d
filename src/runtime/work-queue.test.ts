import { ManualClock, settle } from './clock.js';
import { ItemExponentialFailureRateLimiter } from './rate-limiter.js';
import { WorkQueue } from './work-queue.js';

function newQueue(clock = new ManualClock(0)): { q: WorkQueue<string>; clock: ManualClock } {
  return { q: new WorkQueue<string>({ clock, rateLimiter: new ItemExponentialFailureRateLimiter() }), clock };
}

/** Takes what is ready right now without waiting. */
async function drainReady(q: WorkQueue<string>): Promise<string[]> {
  const out: string[] = [];
  while (q.length > 0) {
    const k = await q.get();
    if (k !== undefined) out.push(k);
  }
  return out;
}

describe('WorkQueue', () => {
  it('hands keys out in arrival order and collapses duplicates', async () => {
    const { q } = newQueue();
    for (const k of ['a', 'b', 'a', 'c', 'b']) q.add(k);
    expect(q.length).toBe(3);
    expect(await drainReady(q)).toEqual(['a', 'b', 'c']);
  });

  it('never hands a key to two workers at once; a re-add while processing runs once after done', async () => {
    const { q } = newQueue();
    q.add('a');
    const first = await q.get();
    q.add('a');
    q.add('a');
    expect(q.length).toBe(0);
    let second: string | undefined;
    void q.get().then((k) => (second = k));
    await settle();
    expect(second).toBeUndefined();
    q.done(first as string);
    await settle();
    expect(second).toBe('a');
    q.done('a');
    expect(q.length).toBe(0);
  });

  it('does not hand out again a key that was not re-added', async () => {
    const { q } = newQueue();
    q.add('a');
    q.done((await q.get()) as string);
    expect(q.length).toBe(0);
    expect(q.processingCount).toBe(0);
  });

  it('wakes a waiting worker when a key arrives', async () => {
    const { q } = newQueue();
    const got = q.get();
    q.add('x');
    await expect(got).resolves.toBe('x');
  });

  it('addAfter makes the key ready only when its time comes', async () => {
    const { q, clock } = newQueue();
    q.addAfter('a', 1000);
    expect(q.waitingCount).toBe(1);
    await clock.advance(999);
    expect(q.length).toBe(0);
    await clock.advance(1);
    expect(q.length).toBe(1);
    expect(q.waitingCount).toBe(0);
  });

  it('addAfter keeps the earlier of two schedules for a key', async () => {
    const { q, clock } = newQueue();
    q.addAfter('a', 5000);
    q.addAfter('a', 100);
    q.addAfter('a', 3000);
    await clock.advance(100);
    expect(await drainReady(q)).toEqual(['a']);
    q.done('a');
    await clock.advance(10_000);
    expect(q.length).toBe(0);
  });

  it('addAfter with no delay adds at once', () => {
    const { q } = newQueue();
    q.addAfter('a', 0);
    expect(q.length).toBe(1);
  });

  it('addRateLimited waits longer after each failure until forget', async () => {
    const { q, clock } = newQueue();
    const readyAfter = async (): Promise<number> => {
      const start = clock.now();
      q.addRateLimited('a');
      while (q.length === 0) await clock.advance(1);
      q.done((await q.get()) as string);
      return clock.now() - start;
    };
    expect([await readyAfter(), await readyAfter(), await readyAfter()]).toEqual([5, 10, 20]);
    expect(q.numRequeues('a')).toBe(3);
    q.forget('a');
    expect(await readyAfter()).toBe(5);
  });

  it('shutDown wakes waiting workers with undefined, drops pending keys and ignores adds', async () => {
    const { q, clock } = newQueue();
    const waiting = q.get();
    q.shutDown();
    await expect(waiting).resolves.toBeUndefined();
    q.add('b');
    q.addAfter('c', 10);
    await clock.advance(20);
    expect(q.length).toBe(0);
    await expect(q.get()).resolves.toBeUndefined();
    expect(clock.pendingSleeps).toBe(0);
  });

  it('keeps a key being processed counted until done, even across shutDown', async () => {
    const { q } = newQueue();
    q.add('a');
    const k = await q.get();
    q.add('a');
    q.shutDown();
    expect(q.processingCount).toBe(1);
    q.done(k as string);
    expect(q.processingCount).toBe(0);
    expect(q.length).toBe(0);
  });
});
