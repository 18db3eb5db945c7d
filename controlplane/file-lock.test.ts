import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LockTimeoutError,
  UNREADABLE_LOCK_GRACE_MS,
  acquireFileLock,
  judgeLock,
  withFileLock,
} from './file-lock.js';
import type { LockRecord } from './file-lock.js';
import { processIdentity } from './process-table.js';

const record = (pid: number): LockRecord => ({
  owner: { pid, startTime: '1' },
  token: `t${pid}`,
  purpose: 'test',
  acquiredAt: new Date(0).toISOString(),
});

describe('judgeLock', () => {
  const alivePids = new Set([10]);
  const isAlive = (o: { pid: number }) => alivePids.has(o.pid);
  it.each([
    ['holds while its owner lives', record(10), 60_000, 'held'],
    ['is stale once its owner died, however young', record(11), 0, 'stale'],
    ['holds an unreadable lock that may be mid-write', undefined, 10, 'held'],
    ['breaks an unreadable lock past the grace period', undefined, UNREADABLE_LOCK_GRACE_MS + 1, 'stale'],
  ] as const)('%s', (_name, rec, ageMs, verdict) => {
    expect(judgeLock({ record: rec, ageMs, isAlive })).toBe(verdict);
  });
});

describe('acquireFileLock', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'file-lock-'));
    path = join(dir, 'create.lock');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses a second holder while the first holds, and admits it after release', async () => {
    const first = await acquireFileLock(path, { purpose: 'first', timeoutMs: 1000 });
    const waited: (LockRecord | undefined)[] = [];
    await expect(
      acquireFileLock(path, {
        purpose: 'second',
        timeoutMs: 200,
        pollIntervalMs: 20,
        onWait: (h) => waited.push(h),
      }),
    ).rejects.toBeInstanceOf(LockTimeoutError);
    expect(waited.map((h) => h?.purpose)).toEqual(['first']);
    await first.release();
    const second = await acquireFileLock(path, { purpose: 'second', timeoutMs: 200 });
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ purpose: 'second' });
    await second.release();
  });

  it('breaks a lock whose holder died (same pid, different start time: a reused pid)', async () => {
    const dead = { ...record(process.pid), owner: { pid: process.pid, startTime: 'not-this-process' } };
    await writeFile(path, JSON.stringify(dead));
    const lock = await acquireFileLock(path, { purpose: 'after crash', timeoutMs: 1000 });
    expect(lock.record.owner).toEqual(processIdentity());
    await lock.release();
  });

  it('lets exactly one of many concurrent contenders in at a time', async () => {
    let inside = 0;
    let maxInside = 0;
    const contend = () =>
      withFileLock(path, { purpose: 'contend', timeoutMs: 10_000, pollIntervalMs: 5 }, async () => {
        inside += 1;
        maxInside = Math.max(maxInside, inside);
        await new Promise((resolve) => setTimeout(resolve, 10));
        inside -= 1;
      });
    await Promise.all(Array.from({ length: 8 }, contend));
    expect(maxInside).toBe(1);
  });

  it('release leaves alone a lock that is no longer ours', async () => {
    const lock = await acquireFileLock(path, { purpose: 'mine', timeoutMs: 1000 });
    await writeFile(path, JSON.stringify(record(1)));
    await lock.release();
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ token: 't1' });
  });

  it('stops waiting when aborted', async () => {
    const held = await acquireFileLock(path, { purpose: 'held', timeoutMs: 1000 });
    const controller = new AbortController();
    const waiting = acquireFileLock(path, {
      purpose: 'waiter',
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    controller.abort(new Error('test over'));
    await expect(waiting).rejects.toThrow('test over');
    await held.release();
  });
});
