import { effectiveDriftPolicy, isSpecApplied } from './drift.js';

const cond = (type: string, status: 'True' | 'False', observedGeneration: number) => ({
  type,
  status,
  reason: 'R',
  message: '',
  lastTransitionTime: '2026-01-01T00:00:00Z',
  observedGeneration,
});

describe('drift helpers', () => {
  it.each([
    ['Ready at this generation', [cond('Ready', 'True', 3)], true],
    [
      'drift already seen at this generation',
      [cond('Ready', 'False', 3), cond('DriftDetected', 'True', 3)],
      true,
    ],
    ['Ready at an older generation (a spec change)', [cond('Ready', 'True', 2)], false],
    ['not Ready yet', [cond('Ready', 'False', 3)], false],
  ])('treats differences as drift when %s: %s', (_what, conditions, expected) => {
    expect(isSpecApplied(conditions, 3)).toBe(expected);
  });

  it('lets the annotation override the policy, ignoring values it does not know', () => {
    const obj = (v?: string) => ({
      metadata: v ? { annotations: { 'aks.lifecycle.dev/drift-policy': v } } : {},
    });
    expect(effectiveDriftPolicy(obj('Report'), 'Revert')).toBe('Report');
    expect(effectiveDriftPolicy(obj('Revert'), 'Report')).toBe('Revert');
    expect(effectiveDriftPolicy(obj('sometimes'), 'Report')).toBe('Report');
    expect(effectiveDriftPolicy(obj(), 'Revert')).toBe('Revert');
  });
});
