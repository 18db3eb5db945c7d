import {
  Annotation,
  applyDefaults,
  upgradePlanSpec,
  type ManagedCluster,
  type NodePool,
  type NodePoolStatus,
  type UpgradePlanSpecInput,
} from '../../api/index.js';
import { clusterPower, managedCluster, nodePool } from '../testing/objects.js';
import { observeCluster, type ClusterObservationInput } from './observe-cluster.js';

const OFFERED = ['1.32.5', '1.32.7', '1.33.2', '1.33.4'];
const spec = applyDefaults(upgradePlanSpec, {
  target: { kubernetesVersion: '1.33' },
  clusterSelector: {},
} as UpgradePlanSpecInput);

function cluster(extra: { annotations?: Record<string, string>; status?: ManagedCluster['status'] } = {}) {
  return managedCluster({
    name: 'c1',
    ...(extra.annotations ? { annotations: extra.annotations } : {}),
    status: {
      currentKubernetesVersion: '1.31.11',
      provisioningState: 'Succeeded',
      ...extra.status,
    },
  });
}

function pool(status: Partial<NodePoolStatus> = {}, annotations?: Record<string, string>): NodePool {
  return nodePool({
    name: 'user1',
    ...(annotations ? { annotations } : {}),
    status: { currentOrchestratorVersion: '1.31.11', ...status },
  });
}

function observe(extra: Partial<ClusterObservationInput> = {}) {
  return observeCluster({
    plan: 'plan',
    spec,
    target: { kind: 'KubernetesVersion', version: '1.33' },
    cluster: cluster(),
    pools: [pool()],
    availableVersions: OFFERED,
    ...extra,
  });
}

const OURS = (target: string) => ({ [Annotation.UpgradeTarget]: target, [Annotation.UpgradePlan]: 'plan' });

describe('observeCluster', () => {
  it('plans each minor, then the pools at the control-plane version', () => {
    const { observed } = observe();
    expect(observed.remainingSteps.map((s) => `${s.kind} ${s.to}`)).toEqual([
      'ControlPlane 1.32.7',
      'ControlPlane 1.33.4',
      'NodePool 1.33.4',
    ]);
    expect(observed.isUpgrading).toBe(false);
  });

  it('asks for more versions when a later minor is not offered in status', () => {
    const { observed, needsMoreVersions } = observe({ availableVersions: ['1.32.5', '1.32.7'] });
    expect(needsMoreVersions).toBe(true);
    expect(observed.blocker?.reason).toBe('TargetNotOffered');
    expect(observed.remainingSteps).not.toEqual([]);
  });

  it('counts the control plane as upgrading while it is below the target this plan set', () => {
    expect(observe({ cluster: cluster({ annotations: OURS('1.32.7') }) }).observed.isUpgrading).toBe(true);
    const reached = cluster({ annotations: OURS('1.32.7'), status: { currentKubernetesVersion: '1.32.7' } });
    expect(observe({ cluster: reached }).observed.isUpgrading).toBe(false);
  });

  it('ignores a target another plan set', () => {
    const other = cluster({
      annotations: { [Annotation.UpgradeTarget]: '1.32.7', [Annotation.UpgradePlan]: 'x' },
    });
    expect(observe({ cluster: other }).observed.isUpgrading).toBe(false);
  });

  it('turns a Stalled control plane behind our target into a failure', () => {
    const stalled = cluster({
      annotations: OURS('1.32.7'),
      status: {
        conditions: [
          {
            type: 'Stalled',
            status: 'True',
            reason: 'UpgradeFailed',
            message: 'boom',
            lastTransitionTime: 't',
          },
        ],
      },
    });
    expect(observe({ cluster: stalled }).observed.failure).toEqual({
      reason: 'UpgradeFailed',
      message: 'boom',
    });
  });

  it('reports a pool whose upgrade is blocked, naming what blocks it', () => {
    const blocked = pool(
      {
        upgrade: {
          phase: 'Blocked',
          blockedBy: [
            {
              kind: 'PodDisruptionBudget',
              namespace: 'shop',
              name: 'api',
              reason: 'BlockedByPodDisruptionBudget',
              message: 'needs 2 healthy pods',
            },
          ],
        },
      },
      OURS('1.33.4'),
    );
    const { observed } = observe({ pools: [blocked] });
    expect(observed.blocker).toEqual({
      reason: 'BlockedByPodDisruptionBudget',
      message: 'node pool user1 is blocked: PodDisruptionBudget shop/api: needs 2 healthy pods',
    });
  });

  it('leaves out a stopped cluster and skips one above the target', () => {
    expect(observe({ cluster: cluster({ status: clusterPower('Stopped') }) }).observed.skipped?.reason).toBe(
      'ClusterStopped',
    );
    const above = cluster({ status: { currentKubernetesVersion: '1.34.2' } });
    expect(observe({ cluster: above }).observed.skipped?.reason).toBe('TargetBelowCurrent');
  });

  it('plans a stopped cluster when the plan starts stopped clusters, and leaves it out by default', () => {
    const stopped = cluster({ status: clusterPower('Stopped') });
    const start = { ...spec, preflight: { ...spec.preflight, stoppedClusters: 'Start' as const } };
    const { observed } = observe({ cluster: stopped, spec: start });
    expect(observed.skipped).toBeUndefined();
    expect(observed.remainingSteps.map((s) => s.kind)).toEqual(['ControlPlane', 'ControlPlane', 'NodePool']);
    expect(observe({ cluster: stopped }).observed.skipped).toMatchObject({
      reason: 'ClusterStopped',
      message: expect.stringContaining('preflight.stoppedClusters is Skip'),
    });
  });

  it('waits for a cluster that has not reported its version, never taking it for done', () => {
    const fresh = managedCluster({ name: 'c1' });
    const { observed } = observe({ cluster: fresh });
    expect(observed.blocker?.reason).toBe('Pending');
    expect(observed.remainingSteps).not.toEqual([]);
  });

  it('holds a cluster another running plan holds, unless it is at the target', () => {
    expect(observe({ heldBy: 'other' }).observed.blocker?.reason).toBe('ClusterHeldByAnotherPlan');
    const done = cluster({ status: { currentKubernetesVersion: '1.33.4' } });
    const atTarget = observe({
      heldBy: 'other',
      cluster: done,
      pools: [pool({ currentOrchestratorVersion: '1.33.4' })],
    });
    expect(atTarget.observed.blocker).toBeUndefined();
    expect(atTarget.observed.remainingSteps).toEqual([]);
  });
});

describe('observeCluster with a node-image target', () => {
  const asked = { [Annotation.NodeImageTarget]: 'latest', [Annotation.UpgradePlan]: 'plan' };
  const imageOnly = (np: NodePool) =>
    observeCluster({
      plan: 'plan',
      spec,
      target: { kind: 'NodeImage' },
      cluster: cluster(),
      pools: [np],
      availableVersions: OFFERED,
    }).observed;

  it('counts the step done once the pool answered this very request', () => {
    const done = pool(
      {
        nodeImageVersion: 'AKSUbuntu-2204-202601.09.0',
        upgrade: { phase: 'Succeeded', requestedBy: 'node-image-target=latest;upgrade-plan=plan' },
      },
      asked,
    );
    expect(imageOnly(done).remainingSteps).toEqual([]);
  });

  it('does not take a Succeeded left from an earlier upgrade for this one', () => {
    const stale = pool(
      {
        nodeImageVersion: 'AKSUbuntu-2204-202601.09.0',
        upgrade: { phase: 'Succeeded', targetVersion: '1.31' },
      },
      asked,
    );
    expect(imageOnly(stale).remainingSteps.map((s) => s.kind)).toEqual(['NodeImage']);
  });
});

describe('observeCluster while a pool changes hands', () => {
  it('counts a pool whose version is not reported yet as still upgrading', () => {
    const cp = cluster({ status: { currentKubernetesVersion: '1.33.4' } });
    const switching = pool(
      { currentOrchestratorVersion: undefined, activePoolName: 'user1b' },
      OURS('1.33.4'),
    );
    delete switching.status?.currentOrchestratorVersion;
    expect(observe({ cluster: cp, pools: [switching] }).observed.isUpgrading).toBe(true);
  });

  it('fails a cluster whose upgrade Azure failed for this very request, not one that failed before a retry', () => {
    const failedOp = (requestedBy: string): ManagedCluster['status'] => ({
      currentKubernetesVersion: '1.31.11',
      provisioningState: 'Failed',
      lastOperation: {
        type: 'Upgrade',
        startedAt: '2026-01-01T00:00:00Z',
        result: 'Failed',
        generation: 1,
        requestedBy,
        error: { code: 'UpgradeFailed', message: 'drain failed' },
      },
    });
    const asked = 'upgrade-target=1.32.7;upgrade-plan=plan';
    const failed = observe({ cluster: cluster({ annotations: OURS('1.32.7'), status: failedOp(asked) }) });
    expect(failed.observed.failure).toMatchObject({ reason: 'UpgradeFailed' });
    expect(failed.observed.failure?.message).toContain('drain failed');
    // The plan retried: the cluster carries a retry its controller has not acted on yet.
    const retried = observe({
      cluster: cluster({
        annotations: { ...OURS('1.32.7'), [Annotation.Retry]: '1' },
        status: failedOp(asked),
      }),
    });
    expect(retried.observed.failure).toBeUndefined();
    expect(retried.observed.isUpgrading).toBe(true);
  });
});
