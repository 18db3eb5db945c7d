import { keyString, objectKey, parseKey } from './reconciler.js';

describe('object keys', () => {
  it.each([
    [{ namespace: 'ns', name: 'a' }, 'ns/a'],
    [{ namespace: '', name: 'node1' }, 'node1'],
  ])('%j ↔ %s', (key, text) => {
    expect(keyString(key)).toBe(text);
    expect(parseKey(text)).toEqual(key);
  });

  it('objectKey reads metadata, cluster-scoped objects get an empty namespace', () => {
    expect(objectKey({ metadata: { name: 'n' } })).toEqual({ namespace: '', name: 'n' });
  });
});
