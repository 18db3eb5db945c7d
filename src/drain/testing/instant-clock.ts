// A clock whose sleeps return at once and move time forward by the slept amount; `onAdvance` lets a
// test move the world along (e.g. finish terminating pods) whenever time passes.

import type { Clock } from '../../runtime/index.js';

export class InstantClock implements Clock {
  sleeps: number[] = [];
  constructor(
    private current = Date.UTC(2026, 4, 4, 10, 0, 0),
    private readonly onAdvance: (nowMs: number) => void = () => {},
  ) {}
  now(): number {
    return this.current;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.current += Math.max(0, ms);
    this.onAdvance(this.current);
    await Promise.resolve();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
