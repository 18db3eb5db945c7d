import { ConflictError, isConflictError } from './errors.js';
import type { ObjectKey } from './reconciler.js';
import { StatusWriter, statusChanged, type StatusClient } from './status-writer.js';

describe('statusChanged', () => {
  const cond = (status: string, time: string) => ({
    type: 'Ready',
    status,
    reason: 'UpToDate',
    message: '',
    lastTransitionTime: time,
  });

  it.each([
    [
      'identical status',
      { observedGeneration: 1, conditions: [cond('True', 't0')] },
      { observedGeneration: 1, conditions: [cond('True', 't0')] },
      false,
    ],
    [
      'only lastTransitionTime differs',
      { conditions: [cond('True', 't0')] },
      { conditions: [cond('True', 't1')] },
      false,
    ],
    [
      'a condition status flips',
      { conditions: [cond('True', 't0')] },
      { conditions: [cond('False', 't1')] },
      true,
    ],
    ['observedGeneration moves', { observedGeneration: 1 }, { observedGeneration: 2 }, true],
    ['a field is added', { a: 1 }, { a: 1, b: 'x' }, true],
    ['a field set to undefined counts as absent', { a: 1 }, { a: 1, b: undefined }, false],
    ['no status yet, empty status to write', undefined, {}, false],
    ['no status yet, conditions to write', undefined, { conditions: [] }, true],
    ['array order changes', { xs: [1, 2] }, { xs: [2, 1] }, true],
  ])('%s → %s', (_name, current, next, expected) => {
    expect(statusChanged(current, next)).toBe(expected);
  });

  it('honours a custom ignore list', () => {
    expect(statusChanged({ lastPolledAt: 'a', n: 1 }, { lastPolledAt: 'b', n: 1 }, ['lastPolledAt'])).toBe(
      false,
    );
  });
});

/** Records replaceStatus calls; optionally fails them. */
class FakeCustomObjects implements StatusClient {
  calls: { key: unknown; body: unknown }[] = [];
  failWith?: unknown;
  readonly kind = { group: 'test.dev', version: 'v1', plural: 'widgets' };
  async replaceStatus<T>(key: ObjectKey, body: unknown): Promise<T> {
    this.calls.push({ key, body });
    if (this.failWith) throw this.failWith;
    return body as T;
  }
}

describe('StatusWriter', () => {
  const obj = {
    apiVersion: 'test.dev/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'ns', resourceVersion: '7' },
    status: { observedGeneration: 1 },
  };

  it('writes nothing when the status is unchanged', async () => {
    const fake = new FakeCustomObjects();
    const writer = new StatusWriter(fake);
    expect(await writer.write(obj, { observedGeneration: 1 })).toBe(false);
    expect(fake.calls).toHaveLength(0);
  });

  it('replaces the status carrying the resourceVersion it was computed from', async () => {
    const fake = new FakeCustomObjects();
    const writer = new StatusWriter(fake);
    expect(await writer.write(obj, { observedGeneration: 2 })).toBe(true);
    expect(fake.calls[0]).toEqual({
      key: { namespace: 'ns', name: 'w' },
      body: { ...obj, status: { observedGeneration: 2 } },
    });
  });

  it('turns a 409 into ConflictError', async () => {
    const fake = new FakeCustomObjects();
    fake.failWith = Object.assign(new Error('conflict'), {
      code: 409,
      body: { reason: 'Conflict', message: 'the object has been modified' },
    });
    const writer = new StatusWriter(fake);
    const err: unknown = await writer.write(obj, { observedGeneration: 2 }).catch((e: unknown) => e);
    expect(isConflictError(err)).toBe(true);
    expect((err as ConflictError).message).toMatch(
      /^cannot write status of widgets ns\/w: the object has been modified/,
    );
  });

  it('returns false when the object is gone', async () => {
    const fake = new FakeCustomObjects();
    fake.failWith = Object.assign(new Error('nf'), { code: 404, body: { reason: 'NotFound' } });
    const writer = new StatusWriter(fake);
    expect(await writer.write(obj, { observedGeneration: 2 })).toBe(false);
  });
});
