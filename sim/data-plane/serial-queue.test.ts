import { SerialQueue } from './serial-queue.js';

describe('serial queue', () => {
  it('runs tasks one at a time, in order, even when one fails', async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    let release: () => void = () => undefined;
    const first = queue.run(new AbortController().signal, async () => {
      events.push('first start');
      await new Promise<void>((resolve) => (release = resolve));
      events.push('first end');
      throw new Error('boom');
    });
    const second = queue.run(new AbortController().signal, async () => {
      events.push('second');
      return 2;
    });
    await Promise.resolve();
    release();
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe(2);
    expect(events).toEqual(['first start', 'first end', 'second']);
  });

  it('never starts a task whose signal aborted while it waited', async () => {
    const queue = new SerialQueue();
    let release: () => void = () => undefined;
    const blocker = queue.run(
      new AbortController().signal,
      () => new Promise<void>((resolve) => (release = resolve)),
    );
    const waiting = new AbortController();
    let isStarted = false;
    const second = queue.run(waiting.signal, async () => {
      isStarted = true;
    });
    waiting.abort(new Error('gave up'));
    await expect(second).rejects.toThrow('gave up');
    release();
    await blocker;
    await queue.drained();
    expect(isStarted).toBe(false);
  });
});
