import { FindingReason, Severity } from './findings.js';
import { checkVersionSkew } from './version-skew.js';

describe('checkVersionSkew', () => {
  it.each([
    ['passes a pool three minors behind the control plane after the step', '1.33.1', '1.30.5', []],
    [
      'refuses a pool four minors behind the control plane after the step',
      '1.33.1',
      '1.29.9',
      [FindingReason.PoolOutsideSkew],
    ],
    [
      'refuses a pool three minors behind a control plane before 1.28, where AKS allowed two',
      '1.27.3',
      '1.24.9',
      [FindingReason.PoolOutsideSkew],
    ],
    ['refuses a pool newer than the control plane', '1.32.1', '1.33.0', [FindingReason.PoolOutsideSkew]],
  ])('%s', (_title, controlPlane, version, reasons) => {
    const findings = checkVersionSkew({ controlPlane, pools: [{ name: 'user1', version }] });
    expect(findings.map((f) => f.reason)).toEqual(reasons);
    for (const f of findings) expect(f.severity).toBe(Severity.Error);
  });

  it('names the pool and the oldest version it may run', () => {
    const [finding] = checkVersionSkew({
      controlPlane: '1.33.1',
      pools: [{ name: 'legacy', version: '1.29.9' }],
    });
    expect(finding?.subject).toBe('agent pool legacy');
    expect(finding?.message).toMatch(/upgrade the pool to 1\.30 or later first/);
  });
});
