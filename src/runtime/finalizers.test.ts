import { isConflictError } from './errors.js';
import {
  ensureFinalizer,
  hasFinalizer,
  isBeingDeleted,
  removeFinalizer,
  type FinalizerClient,
} from './finalizers.js';
import type { ObjectKey } from './reconciler.js';

class FakePatcher implements FinalizerClient {
  readonly kind = { group: 'test.dev', version: 'v1', plural: 'widgets' };
  patches: { key: ObjectKey; body: unknown }[] = [];
  failWith?: unknown;
  async mergePatch<T>(key: ObjectKey, body: unknown): Promise<T> {
    this.patches.push({ key, body });
    if (this.failWith) throw this.failWith;
    return body as T;
  }
}

const F = 'aks.lifecycle.dev/cleanup';
const obj = (finalizers?: string[]) => ({
  metadata: { name: 'w', namespace: 'ns', resourceVersion: '5', finalizers },
});

describe('finalizers', () => {
  it('ensureFinalizer appends with the resourceVersion as a precondition', async () => {
    const p = new FakePatcher();
    expect(await ensureFinalizer(p, obj(['other/x']), F)).toBe(true);
    expect(p.patches).toEqual([
      {
        key: { namespace: 'ns', name: 'w' },
        body: { metadata: { resourceVersion: '5', finalizers: ['other/x', F] } },
      },
    ]);
  });

  it('ensureFinalizer is a no-op when present', async () => {
    const p = new FakePatcher();
    expect(await ensureFinalizer(p, obj([F]), F)).toBe(false);
    expect(p.patches).toHaveLength(0);
  });

  it('removeFinalizer keeps the others and is a no-op when absent', async () => {
    const p = new FakePatcher();
    expect(await removeFinalizer(p, obj(['other/x', F]), F)).toBe(true);
    expect(p.patches[0]?.body).toEqual({ metadata: { resourceVersion: '5', finalizers: ['other/x'] } });
    expect(await removeFinalizer(p, obj(['other/x']), F)).toBe(false);
    expect(p.patches).toHaveLength(1);
  });

  it('a stale object fails with ConflictError; a gone one is nothing to do', async () => {
    const p = new FakePatcher();
    p.failWith = Object.assign(new Error('c'), { code: 409, body: { reason: 'Conflict' } });
    await expect(ensureFinalizer(p, obj(), F).catch((e: unknown) => isConflictError(e))).resolves.toBe(true);
    p.failWith = Object.assign(new Error('nf'), { code: 404, body: { reason: 'NotFound' } });
    expect(await removeFinalizer(p, obj([F]), F)).toBe(false);
  });

  it('hasFinalizer and isBeingDeleted read metadata', () => {
    expect(hasFinalizer(obj([F]), F)).toBe(true);
    expect(hasFinalizer({}, F)).toBe(false);
    expect(isBeingDeleted({ metadata: { deletionTimestamp: '2025-01-01T00:00:00Z' } })).toBe(true);
    expect(isBeingDeleted(obj())).toBe(false);
  });
});
