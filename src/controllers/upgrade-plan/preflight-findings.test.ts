import type { Finding } from '../../preflight/index.js';
import { checkNotRun, checkOf, objectRef, preflightBlocker, summarizeCheck } from './preflight-findings.js';

const finding = (extra: Partial<Finding> = {}): Finding => ({
  severity: 'Error',
  reason: 'RemovedApiInUse',
  subject: 'HorizontalPodAutoscaler shop/api',
  message: 'HorizontalPodAutoscaler shop/api uses autoscaling/v2beta2',
  ...extra,
});

describe('pre-flight findings in status', () => {
  it.each([
    ['HorizontalPodAutoscaler shop/api', 'HorizontalPodAutoscaler/shop/api'],
    ['ClusterRole admin', 'ClusterRole/admin'],
    ['cluster c1', 'cluster c1'],
    ['flowschemas.flowcontrol.apiserver.k8s.io/v1beta3', 'flowschemas.flowcontrol.apiserver.k8s.io/v1beta3'],
  ])('names %s as %s', (subject, ref) => {
    expect(objectRef(subject)).toBe(ref);
  });

  it.each([
    ['RemovedApiInUse', 'manifests', 'RemovedAPIsInManifests'],
    ['RemovedApiInUse', 'requests', 'RemovedAPIsInUse'],
    ['StructuralZeroPDB', 'manifests', 'ZeroDisruptionPDB'],
    ['TransientZeroPDB', 'manifests', 'PDBCurrentlyBlocking'],
    ['MultiplePDBs', 'manifests', 'BrokenPDB'],
    ['UnhealthyWorkload', 'manifests', 'UnhealthyWorkloads'],
  ] as const)('files a %s finding from %s under %s', (reason, source, check) => {
    expect(checkOf(finding({ reason }), source)).toBe(check);
  });

  it('reports a check without findings as passed', () => {
    expect(summarizeCheck('ZeroDisruptionPDB', [])).toEqual({ check: 'ZeroDisruptionPDB', passed: true });
  });

  it('reports the worst severity and only its objects, at most ten', () => {
    const errors = Array.from({ length: 12 }, (_, i) =>
      finding({ subject: `HorizontalPodAutoscaler ns/h${i}` }),
    );
    const summary = summarizeCheck('RemovedAPIsInManifests', [
      finding({ severity: 'Warning', subject: 'VolumeSnapshot ns/snap', reason: 'DeprecatedAddonApiInUse' }),
      ...errors,
    ]);
    expect(summary).toMatchObject({ passed: false, severity: 'Error', reason: 'RemovedApiInUse' });
    expect(summary.objects).toHaveLength(10);
    expect(summary.objects).not.toContain('VolumeSnapshot/ns/snap');
  });

  it('a warning does not block; an error or a check that could not run does', () => {
    const warning = summarizeCheck('PDBCurrentlyBlocking', [
      finding({ severity: 'Warning', reason: 'TransientZeroPDB' }),
    ]);
    expect(preflightBlocker([warning])).toBeUndefined();
    expect(preflightBlocker([summarizeCheck('RemovedAPIsInManifests', [finding()])])).toMatchObject({
      reason: 'ChecksFailed',
      message: expect.stringContaining('RemovedAPIsInManifests'),
    });
    expect(
      preflightBlocker([
        checkNotRun('BrokenPDB', 'WorkloadClusterUnreachable', 'cannot read the workload cluster'),
      ]),
    ).toMatchObject({
      reason: 'ChecksFailed',
      message: expect.stringContaining('cannot read the workload cluster'),
    });
  });
});
