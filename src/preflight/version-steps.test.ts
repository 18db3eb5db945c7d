import { planVersionSteps } from './version-steps.js';

const offered = ['1.28.9', '1.29.7', '1.30.3', '1.30.5', '1.31.2', '1.31.4', '1.32.1', '1.33.0', '1.33.2'];
const text = (steps: ReturnType<typeof planVersionSteps>['steps']): string[] =>
  steps.map((s) => (s.kind === 'ControlPlane' ? `cp ${s.from}->${s.to}` : `${s.pool} ${s.from}->${s.to}`));

describe('planVersionSteps', () => {
  it('S42: control plane 1.30 to 1.33 goes one minor at a time (latest patch each), then the pools', () => {
    const plan = planVersionSteps(
      { controlPlane: '1.30.5', pools: [{ name: 'user1', version: '1.30.5' }] },
      '1.33',
      offered,
    );
    expect(text(plan.steps)).toEqual([
      'cp 1.30.5->1.31.4',
      'cp 1.31.4->1.32.1',
      'cp 1.32.1->1.33.2',
      'user1 1.30.5->1.33.2',
    ]);
    expect(plan.findings).toEqual([]);
  });

  it('S43: a pool at 1.28 under a 1.31 control plane is lifted (to at most 1.31) before the control plane goes to 1.32', () => {
    const plan = planVersionSteps(
      {
        controlPlane: '1.31.4',
        pools: [
          { name: 'old', version: '1.28.9' },
          { name: 'new', version: '1.31.4' },
        ],
      },
      '1.32',
      offered,
    );
    expect(text(plan.steps)).toEqual([
      'old 1.28.9->1.31.4',
      'cp 1.31.4->1.32.1',
      'old 1.31.4->1.32.1',
      'new 1.31.4->1.32.1',
    ]);
  });

  it('pools may skip minors within the skew window in one step', () => {
    const plan = planVersionSteps(
      { controlPlane: '1.31.4', pools: [{ name: 'p', version: '1.29.7' }] },
      '1.32',
      offered,
    );
    expect(text(plan.steps)).toEqual(['cp 1.31.4->1.32.1', 'p 1.29.7->1.32.1']);
  });

  it('an exact target patch is used as given', () => {
    expect(text(planVersionSteps({ controlPlane: '1.32.1', pools: [] }, '1.33.0', offered).steps)).toEqual([
      'cp 1.32.1->1.33.0',
    ]);
  });

  it('a patch upgrade within the same minor is one control-plane step', () => {
    expect(
      text(
        planVersionSteps(
          { controlPlane: '1.30.3', pools: [{ name: 'p', version: '1.30.3' }] },
          '1.30.5',
          offered,
        ).steps,
      ),
    ).toEqual(['cp 1.30.3->1.30.5', 'p 1.30.3->1.30.5']);
  });

  it('never downgrades: a target below the control plane is refused', () => {
    const plan = planVersionSteps({ controlPlane: '1.32.1', pools: [] }, '1.31', offered);
    expect(plan).toMatchObject({ steps: [], findings: [{ reason: 'VersionDowngrade', severity: 'Error' }] });
  });

  it('never moves a pool past the control plane or down: a pool already at the target is left alone', () => {
    const plan = planVersionSteps(
      { controlPlane: '1.33.2', pools: [{ name: 'p', version: '1.33.2' }] },
      '1.33',
      offered,
    );
    expect(plan.steps).toEqual([]);
  });

  it('a minor with no offered version stops the plan', () => {
    const plan = planVersionSteps({ controlPlane: '1.31.4', pools: [] }, '1.34', offered);
    expect(plan.findings[0]).toMatchObject({
      reason: 'VersionNotAvailable',
      message: expect.stringMatching(/no offered version for 1.34/),
    });
  });

  it('before 1.28 the skew window is 2 minors', () => {
    const plan = planVersionSteps(
      { controlPlane: '1.26.0', pools: [{ name: 'p', version: '1.24.0' }] },
      '1.27',
      ['1.26.0', '1.27.3'],
    );
    expect(text(plan.steps)).toEqual(['p 1.24.0->1.26.0', 'cp 1.26.0->1.27.3', 'p 1.26.0->1.27.3']);
  });

  it('LTS to LTS may skip minors when allowed', () => {
    const plan = planVersionSteps({ controlPlane: '1.30.5', pools: [] }, '1.33', offered, {
      allowMinorSkip: true,
    });
    expect(text(plan.steps)).toEqual(['cp 1.30.5->1.33.2']);
  });
});
