// Version rules: control plane one minor at a time, pools never above the control plane and within skew.
import { isArmError } from './errors.js';
import { VersionCatalogue } from './version-catalogue.js';
import { checkControlPlaneUpgrade, checkPoolVersion, maxSkew, resolvePoolVersion } from './version-rules.js';

const catalogue = new VersionCatalogue({
  minors: [
    { version: '1.27', patches: ['1.27.9'] },
    { version: '1.28', patches: ['1.28.5'] },
    { version: '1.29', patches: ['1.29.2', '1.29.4'], isDefault: true },
    { version: '1.30', patches: ['1.30.1'] },
  ],
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e: unknown) {
    return isArmError(e) ? e.code : 'not an ArmError';
  }
}

it.each([
  ['1.27.9', 2],
  ['1.28.5', 3],
  ['1.35.0', 3],
])('a %s control plane allows pools %i minors behind', (cp, skew) => {
  expect(maxSkew(cp)).toBe(skew);
});

describe('control-plane upgrades', () => {
  it.each([
    ['the same version', '1.29.2', '1.29.2', undefined],
    ['a later patch', '1.29.2', '1.29.4', undefined],
    ['the next minor', '1.29.4', '1.30.1', undefined],
    ['skipping a minor', '1.28.5', '1.30.1', 'OperationNotAllowed'],
    ['a downgrade', '1.29.4', '1.29.2', 'OperationNotAllowed'],
  ])('%s → %s', (_what, from, to, code) => {
    expect(codeOf(() => checkControlPlaneUpgrade(catalogue, 'eastus', from, to))).toBe(code);
  });
});

describe('pool versions', () => {
  it.each([
    ['equal to the control plane', '1.29.4', '1.29.4', undefined, undefined],
    ['a newer minor than the control plane', '1.29.4', '1.30.1', undefined, 'NodePoolMcVersionIncompatible'],
    ['a newer patch than the control plane', '1.29.2', '1.29.4', undefined, 'NodePoolMcVersionIncompatible'],
    ['3 minors behind from 1.28 on', '1.30.1', '1.27.9', undefined, undefined],
    ['4 minors behind', '1.31.0', '1.27.9', undefined, 'NodePoolMcVersionIncompatible'],
    ['3 minors behind before 1.28', '1.27.9', '1.24.9', undefined, 'NodePoolMcVersionIncompatible'],
    ['a downgrade', '1.29.4', '1.28.5', '1.29.2', 'OperationNotAllowed'],
  ])('refuses or accepts a pool %s', (_what, cp, target, current, code) => {
    const input = current
      ? { pool: 'p', controlPlaneVersion: cp, target, current }
      : { pool: 'p', controlPlaneVersion: cp, target };
    expect(codeOf(() => checkPoolVersion(input))).toBe(code);
  });

  it('resolves an empty request to the control plane, an alias to its latest patch, and refuses versions not offered', () => {
    expect(resolvePoolVersion(catalogue, 'eastus', '', '1.29.4')).toBe('1.29.4');
    expect(resolvePoolVersion(catalogue, 'eastus', '1.28', '1.29.4')).toBe('1.28.5');
    expect(resolvePoolVersion(catalogue, 'eastus', '1.29', '1.29.2')).toBe('1.29.2');
    expect(resolvePoolVersion(catalogue, 'eastus', '1.26.0', '1.29.4', '1.26.0')).toBe('1.26.0');
    expect(codeOf(() => resolvePoolVersion(catalogue, 'eastus', '1.28.1', '1.29.4'))).toBe(
      'AgentPoolK8sVersionNotSupported',
    );
  });
});
