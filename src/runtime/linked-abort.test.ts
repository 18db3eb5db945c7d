import { linkedAbort } from './linked-abort.js';

/** Counts the abort listeners added to and removed from a signal. */
function counted(signal: AbortSignal): { signal: AbortSignal; listeners: () => number } {
  let n = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((...args: Parameters<typeof add>) => {
    n++;
    add(...args);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
    n--;
    remove(...args);
  }) as typeof signal.removeEventListener;
  return { signal, listeners: () => n };
}

describe('linkedAbort', () => {
  it('aborts when a parent aborts, with the parent reason', () => {
    const parent = new AbortController();
    const link = linkedAbort([undefined, parent.signal]);
    expect(link.signal.aborted).toBe(false);
    parent.abort(new Error('stopping'));
    expect(link.signal.aborted).toBe(true);
    expect(link.signal.reason).toEqual(new Error('stopping'));
  });

  it('is aborted at once when a parent already is', () => {
    const parent = new AbortController();
    parent.abort('gone');
    expect(linkedAbort([parent.signal]).signal.reason).toBe('gone');
  });

  it('aborts on its own without touching the parents', () => {
    const parent = new AbortController();
    const link = linkedAbort([parent.signal]);
    link.abort('timed out');
    expect(link.signal.reason).toBe('timed out');
    expect(parent.signal.aborted).toBe(false);
  });

  it('leaves no listener on a long-lived parent once released, however many links it served', () => {
    const parent = counted(new AbortController().signal);
    for (let i = 0; i < 1000; i++) linkedAbort([parent.signal]).release();
    const timedOut = linkedAbort([parent.signal]);
    timedOut.abort('timed out');
    timedOut.release();
    expect(parent.listeners()).toBe(0);
  });

  it('no longer follows a parent after release', () => {
    const parent = new AbortController();
    const link = linkedAbort([parent.signal]);
    link.release();
    parent.abort();
    expect(link.signal.aborted).toBe(false);
  });
});
