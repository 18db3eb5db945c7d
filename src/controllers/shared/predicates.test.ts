import { isSpecOrMetaChange } from './predicates.js';

const obj = (meta: Record<string, unknown>, status: unknown = {}) => ({
  metadata: { name: 'a', generation: 1, ...meta },
  status,
});

describe('isSpecOrMetaChange', () => {
  it('ignores a status-only update (our own writes)', () => {
    expect(
      isSpecOrMetaChange(obj({ resourceVersion: '1' }), obj({ resourceVersion: '2' }, { ready: true })),
    ).toBe(false);
  });

  it.each([
    ['a new generation', { generation: 2 }],
    ['a deletion', { deletionTimestamp: '2026-01-01T00:00:00Z' }],
    ['a finalizer change', { finalizers: ['x'] }],
    ['an annotation change', { annotations: { 'aks.lifecycle.dev/drift-policy': 'Report' } }],
    ['a label change', { labels: { a: 'b' } }],
  ])('reconciles on %s', (_what, meta) => {
    expect(isSpecOrMetaChange(obj({}), obj(meta))).toBe(true);
  });
});
