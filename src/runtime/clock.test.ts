import { ManualClock, MAX_TIMER_DELAY_MS, boundDelay, realClock } from './clock.js';

describe('boundDelay', () => {
  it.each([
    ['keeps an ordinary delay', 1500, 1500],
    ['rounds a fractional delay up', 1.2, 2],
    ['turns a negative delay into zero', -5, 0],
    ['caps a delay Node timers cannot honour', 2 ** 40, MAX_TIMER_DELAY_MS],
    ['caps infinity', Infinity, MAX_TIMER_DELAY_MS],
    ['turns NaN into zero', NaN, 0],
  ])('%s', (_name, input, expected) => {
    expect(boundDelay(input)).toBe(expected);
  });
});

describe('realClock', () => {
  it('rejects a sleep when its signal aborts', async () => {
    const ac = new AbortController();
    const sleeping = realClock.sleep(60_000, ac.signal);
    ac.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
  });

  it('rejects at once when the signal is already aborted', async () => {
    await expect(realClock.sleep(10, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
});

describe('ManualClock', () => {
  it('wakes sleepers in time order only when advanced past their deadline', async () => {
    const clock = new ManualClock(0);
    const woke: string[] = [];
    void clock.sleep(300).then(() => woke.push('300'));
    void clock.sleep(100).then(() => woke.push('100'));
    await clock.advance(99);
    expect(woke).toEqual([]);
    await clock.advance(250);
    expect(woke).toEqual(['100', '300']);
    expect(clock.now()).toBe(349);
  });

  it('runs sleeps started by woken code within the same advance', async () => {
    const clock = new ManualClock(0);
    const times: number[] = [];
    void (async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(10);
        times.push(clock.now());
      }
    })();
    await clock.advance(30);
    expect(times).toEqual([10, 20, 30]);
  });

  it('drops an aborted sleeper', async () => {
    const clock = new ManualClock(0);
    const ac = new AbortController();
    const sleeping = clock.sleep(50, ac.signal);
    ac.abort(new Error('cancelled'));
    await expect(sleeping).rejects.toThrow('cancelled');
    expect(clock.pendingSleeps).toBe(0);
  });

  it('bounds a sleep longer than a timer can hold', async () => {
    const clock = new ManualClock(0);
    void clock.sleep(2 ** 40);
    expect(clock.nextWakeAt()).toBe(MAX_TIMER_DELAY_MS);
  });
});
