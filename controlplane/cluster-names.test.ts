import { nextClusterName, validateClusterName } from './cluster-names.js';

describe('cluster names', () => {
  it('puts prefix and pid in the name and never repeats within a process', () => {
    const names = [nextClusterName('mgmt', 4242), nextClusterName('mgmt', 4242)];
    expect(names[0]).toMatch(/^mgmt-4242-\d+$/);
    expect(new Set(names).size).toBe(2);
  });

  it.each([
    ['an upper-case letter', 'Mgmt'],
    ['a leading dash', '-mgmt'],
    ['a trailing dash', 'mgmt-'],
    ['a slash', 'a/b'],
    ['an empty name', ''],
    ['more than 48 characters', 'a'.repeat(49)],
  ])('rejects %s', (_why, name) => {
    expect(() => validateClusterName(name)).toThrow(/invalid cluster name/);
  });

  it('accepts lowercase letters, digits and inner dashes', () => {
    expect(() => validateClusterName('aks-lo-123-1')).not.toThrow();
  });
});
