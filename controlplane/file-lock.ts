// Cross-process exclusive lock on a file: whoever links the lock file into place holds it; a lock whose
// holder died is broken (under a short second lock, so two breakers cannot remove a fresh lock by mistake).
import { link, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { isProcessAlive, processIdentity } from './process-table.js';
import type { ProcessIdentity } from './process-table.js';

/** What a lock file holds. */
export interface LockRecord {
  owner: ProcessIdentity;
  token: string;
  purpose: string;
  acquiredAt: string;
}

/** An unparsable lock file younger than this may be mid-write by a foreign tool; older, it is debris. */
export const UNREADABLE_LOCK_GRACE_MS = 10_000;
/** A break lock is held for microseconds; one this old was left by a crashed breaker. */
export const BREAK_LOCK_STALE_MS = 30_000;

export type LockVerdict = 'held' | 'stale';

/** Decides whether an existing lock file still holds: its owner lives, or it is too young to judge. */
export function judgeLock(input: {
  record: LockRecord | undefined;
  ageMs: number;
  isAlive: (owner: ProcessIdentity) => boolean;
}): LockVerdict {
  if (!input.record) return input.ageMs > UNREADABLE_LOCK_GRACE_MS ? 'stale' : 'held';
  return input.isAlive(input.record.owner) ? 'held' : 'stale';
}

export function parseLockRecord(text: string): LockRecord | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const record = value as Partial<LockRecord>;
    if (typeof record.token !== 'string' || typeof record.owner?.pid !== 'number') return undefined;
    return record as LockRecord;
  } catch {
    return undefined;
  }
}

export interface FileLock {
  readonly path: string;
  readonly record: LockRecord;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): Promise<void>;
}

export interface AcquireLockOptions {
  purpose: string;
  timeoutMs: number;
  pollIntervalMs?: number;
  signal?: AbortSignal;
  /** Called once when the lock is busy, with its holder. */
  onWait?: (holder: LockRecord | undefined) => void;
  isAlive?: (owner: ProcessIdentity) => boolean;
}

export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
  constructor(
    readonly path: string,
    readonly holder: LockRecord | undefined,
  ) {
    super(
      `cannot acquire lock ${path}: still held by ${holder ? `pid ${holder.owner.pid} (${holder.purpose})` : 'an unknown holder'}`,
    );
  }
}

interface Observed {
  record: LockRecord | undefined;
  ageMs: number;
  text: string;
}

async function observe(path: string): Promise<Observed | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { record: parseLockRecord(text), ageMs: Date.now() - info.mtimeMs, text };
  } catch (err: unknown) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Puts `record` at `path` atomically (complete content or nothing); false when `path` exists. */
async function tryPlace(path: string, record: LockRecord): Promise<boolean> {
  const staged = `${path}.${record.token}.tmp`;
  await writeFile(staged, JSON.stringify(record));
  try {
    await link(staged, path);
    return true;
  } catch (err: unknown) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(staged).catch(() => undefined); // the staged copy is only a vehicle for link()
  }
}

async function unlinkIfContent(path: string, text: string): Promise<void> {
  const now = await observe(path);
  if (now && now.text === text) await unlink(path).catch(() => undefined); // a concurrent remover won
}

/** Removes a stale lock, unless it changed since it was judged; serialised by a break lock. */
async function breakStaleLock(
  path: string,
  judged: Observed,
  isAlive: (o: ProcessIdentity) => boolean,
): Promise<boolean> {
  const breakPath = `${path}.break`;
  const breaker = newRecord('break stale lock');
  if (!(await tryPlace(breakPath, breaker))) {
    const other = await observe(breakPath);
    const isAbandoned =
      other !== undefined &&
      (other.ageMs > BREAK_LOCK_STALE_MS || (other.record !== undefined && !isAlive(other.record.owner)));
    if (other && isAbandoned) await unlinkIfContent(breakPath, other.text);
    return false;
  }
  try {
    await unlinkIfContent(path, judged.text);
    return true;
  } finally {
    await unlinkIfContent(breakPath, JSON.stringify(breaker));
  }
}

function newRecord(purpose: string): LockRecord {
  return { owner: processIdentity(), token: randomUUID(), purpose, acquiredAt: new Date().toISOString() };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Waits until the lock at `path` is ours. Throws LockTimeoutError at the deadline, or the abort reason. */
export async function acquireFileLock(path: string, options: AcquireLockOptions): Promise<FileLock> {
  const isAlive = options.isAlive ?? isProcessAlive;
  const deadline = Date.now() + options.timeoutMs;
  const record = newRecord(options.purpose);
  let hasReportedWait = false;
  for (;;) {
    options.signal?.throwIfAborted();
    if (await tryPlace(path, record)) return heldLock(path, record);
    const current = await observe(path);
    if (!current) continue; // released between our attempt and our look: try again at once
    if (judgeLock({ ...current, isAlive }) === 'stale') {
      if (await breakStaleLock(path, current, isAlive)) continue;
    }
    if (Date.now() >= deadline) throw new LockTimeoutError(path, current.record);
    if (!hasReportedWait) {
      hasReportedWait = true;
      options.onWait?.(current.record);
    }
    await sleep(options.pollIntervalMs ?? 100, options.signal);
  }
}

function heldLock(path: string, record: LockRecord): FileLock {
  let released: Promise<void> | undefined;
  return {
    path,
    record,
    release: () => (released ??= unlinkIfContent(path, JSON.stringify(record))),
  };
}

/** Runs `fn` while holding the lock, and releases it however `fn` ends. */
export async function withFileLock<T>(
  path: string,
  options: AcquireLockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const lock = await acquireFileLock(path, options);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
