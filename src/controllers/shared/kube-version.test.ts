import { compareVersions, isDowngrade, isUpgrade, minorDistance, satisfies } from './kube-version.js';

describe('kube versions', () => {
  it.each([
    ['1.33', '1.33.4', true],
    ['1.33.4', '1.33.4', true],
    ['1.33.2', '1.33.4', false],
    ['1.33', '1.34.0', false],
    ['1.33', undefined, false],
  ])('wanted %s is satisfied by running %s: %s', (wanted, running, expected) => {
    expect(satisfies(wanted, running)).toBe(expected);
  });

  it.each([
    ['1.34', '1.33.4', true],
    ['1.33.5', '1.33.4', true],
    ['1.33', '1.33.4', false],
    ['1.32', '1.33.4', false],
    ['1.33.4', '1.33.4', false],
  ])('moving to %s from %s is an upgrade: %s', (wanted, running, expected) => {
    expect(isUpgrade(wanted, running)).toBe(expected);
  });

  it.each([
    ['1.32', '1.33.4', true],
    ['1.33.2', '1.33.4', true],
    ['1.33', '1.33.4', false],
    ['1.34', '1.33.4', false],
    ['1.33', undefined, false],
  ])('applying %s over %s would be a downgrade: %s', (wanted, running, expected) => {
    expect(isDowngrade(wanted, running)).toBe(expected);
  });

  it('measures minor distance only within a major', () => {
    expect(minorDistance('1.33.2', '1.30')).toBe(3);
    expect(minorDistance('2.0', '1.30')).toBeUndefined();
  });

  it('orders versions with a missing patch as 0', () => {
    expect(['1.33.1', '1.32', '1.33'].sort(compareVersions)).toEqual(['1.32', '1.33', '1.33.1']);
  });
});
