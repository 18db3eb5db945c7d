import { carryAppliedGeneration, effectiveDriftPolicy, isSpecApplied } from './drift.js';

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
    [
      'its record says this generation',
      { appliedGeneration: 3, conditions: [cond('Ready', 'False', 3)] },
      true,
    ],
    [
      'its record says an older generation (a spec change), whatever Ready says',
      { appliedGeneration: 2, conditions: [cond('Ready', 'True', 3)] },
      false,
    ],
    ['no record, Ready at this generation', { conditions: [cond('Ready', 'True', 3)] }, true],
    [
      'no record, drift already seen at this generation',
      { conditions: [cond('Ready', 'False', 3), cond('DriftDetected', 'True', 3)] },
      true,
    ],
    [
      'no record, Ready at an older generation (a spec change)',
      { conditions: [cond('Ready', 'True', 2)] },
      false,
    ],
    ['no record, not Ready yet', { conditions: [cond('Ready', 'False', 3)] }, false],
  ])('treats differences as drift when %s: %s', (_what, status, expected) => {
    expect(isSpecApplied(status, 3)).toBe(expected);
  });

  it.each([
    ['carries what Ready says for an object stored before the record', {}, [cond('Ready', 'True', 3)], 3],
    ['keeps a record the draft has', { appliedGeneration: 2 }, [cond('Ready', 'True', 3)], 2],
    ['infers nothing when the generation was not applied', {}, [cond('Ready', 'False', 3)], undefined],
  ])('%s', (_what, draft: { appliedGeneration?: number }, conditions, expected) => {
    carryAppliedGeneration(draft, { metadata: { generation: 3 }, status: { ...draft, conditions } });
    expect(draft.appliedGeneration).toBe(expected);
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
