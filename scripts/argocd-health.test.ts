// The Argo CD health scripts of health/argocd, run in a real Lua VM on objects shaped like the operator
// writes them: every status a kind can show, and the precedence between conditions.
import { Kind } from '../src/api/index.js';
import { argoHealth, ArgoHealthStatus } from './argocd-health.js';

type ConditionStatus = 'True' | 'False' | 'Unknown';
interface Cond {
  type: string;
  status: ConditionStatus;
  reason: string;
  message?: string;
}

function object(options: {
  generation?: number;
  observedGeneration?: number;
  conditions?: Cond[];
  spec?: Record<string, unknown>;
  phase?: string;
  noStatus?: boolean;
}): Record<string, unknown> {
  const generation = options.generation ?? 2;
  const status: Record<string, unknown> = {
    observedGeneration: options.observedGeneration ?? generation,
    conditions: (options.conditions ?? []).map((c) => ({
      ...c,
      message: c.message ?? '',
      lastTransitionTime: '2026-01-01T00:00:00Z',
      observedGeneration: generation,
    })),
  };
  if (options.phase) status.phase = options.phase;
  return {
    apiVersion: 'aks.lifecycle.dev/v1alpha1',
    metadata: { name: 'x', namespace: 'ns', generation },
    spec: options.spec ?? {},
    ...(options.noStatus ? {} : { status }),
  };
}

const trio = (
  ready: ConditionStatus,
  reconciling: ConditionStatus,
  stalled: ConditionStatus,
  reason: string,
  message = '',
): Cond[] => [
  { type: 'Ready', status: ready, reason, message: ready === 'True' || ready === 'False' ? message : '' },
  { type: 'Reconciling', status: reconciling, reason, message: reconciling === 'True' ? message : '' },
  { type: 'Stalled', status: stalled, reason, message: stalled === 'True' ? message : '' },
];

const ALL_KINDS = Object.values(Kind);

describe.each(ALL_KINDS)('%s health', (kind) => {
  it.each([
    [
      'Progressing before the operator wrote any status',
      object({ noStatus: true }),
      ArgoHealthStatus.Progressing,
    ],
    [
      'Progressing while status describes an older generation',
      object({
        generation: 3,
        observedGeneration: 2,
        conditions: trio('True', 'False', 'False', 'UpToDate'),
      }),
      ArgoHealthStatus.Progressing,
    ],
    [
      'Progressing while Reconciling is True',
      object({ conditions: trio('False', 'True', 'False', 'Creating', 'creating the resource') }),
      ArgoHealthStatus.Progressing,
    ],
    [
      'Degraded when Stalled is True',
      object({ conditions: trio('False', 'False', 'True', 'InvalidSpec', 'fix spec.x') }),
      ArgoHealthStatus.Degraded,
    ],
    [
      'Healthy when Ready is True for the current generation',
      object({ conditions: trio('True', 'False', 'False', 'UpToDate') }),
      ArgoHealthStatus.Healthy,
    ],
    [
      'Progressing while every condition is still Unknown',
      object({ conditions: trio('Unknown', 'Unknown', 'Unknown', 'Pending') }),
      ArgoHealthStatus.Progressing,
    ],
    [
      'Progressing when Ready is False and neither Reconciling nor Stalled (as kstatus reads it)',
      object({ conditions: trio('False', 'False', 'False', 'OperationFailed', 'the operation failed') }),
      ArgoHealthStatus.Progressing,
    ],
    [
      'Degraded when Stalled and Reconciling are both True (Stalled wins)',
      object({ conditions: trio('False', 'True', 'True', 'InvalidSpec') }),
      ArgoHealthStatus.Degraded,
    ],
  ])('%s', async (_name, obj, expected) => {
    expect((await argoHealth(kind, obj)).status).toBe(expected);
  });

  it('carries the condition reason and message into the health message', async () => {
    const health = await argoHealth(
      kind,
      object({ conditions: trio('False', 'False', 'True', 'QuotaExceeded', 'raise the vCPU quota') }),
    );
    expect(health.message).toBe('QuotaExceeded: raise the vCPU quota');
  });

  it('names the generation it waits for', async () => {
    const health = await argoHealth(kind, object({ generation: 7, observedGeneration: 6 }));
    expect(health.message).toContain('generation 7');
  });
});

describe('kind-specific health', () => {
  it.each([
    [Kind.ManagedCluster, 'ClusterStopped', ArgoHealthStatus.Suspended],
    [Kind.NodePool, 'ClusterStopped', ArgoHealthStatus.Suspended],
    [Kind.NodePool, 'PoolStopped', ArgoHealthStatus.Progressing],
    [Kind.NodePoolSnapshot, 'ClusterStopped', ArgoHealthStatus.Progressing],
    [Kind.UpgradePlan, 'ClusterStopped', ArgoHealthStatus.Progressing],
  ])('%s with Ready False for %s is %s', async (kind, reason, expected) => {
    const health = await argoHealth(kind, object({ conditions: trio('False', 'False', 'False', reason) }));
    expect(health.status).toBe(expected);
  });

  it.each([
    [Kind.ManagedCluster, 'ClusterStopped'],
    [Kind.NodePool, 'PoolStopped'],
    [Kind.NodePool, 'ClusterStopped'],
  ])('%s stopped as asked (Ready True for %s) is Healthy, saying it is stopped', async (kind, reason) => {
    const health = await argoHealth(
      kind,
      object({ conditions: trio('True', 'False', 'False', reason, 'stopped as asked') }),
    );
    expect(health).toEqual({ status: ArgoHealthStatus.Healthy, message: `${reason}: stopped as asked` });
  });

  it.each([Kind.ManagedCluster, Kind.NodePool])(
    '%s holding a spec change for its UpgradePlan stage (Ready True, ChangeHeld) is Healthy, naming the plan',
    async (kind) => {
      const message = 'UpgradePlan changes holds spec generation 3 until stage prod opens';
      const health = await argoHealth(
        kind,
        object({ conditions: trio('True', 'False', 'False', 'ChangeHeld', message) }),
      );
      expect(health).toEqual({ status: ArgoHealthStatus.Healthy, message: `ChangeHeld: ${message}` });
    },
  );

  const failed = (status: ConditionStatus): Cond => ({
    type: 'Failed',
    status,
    reason: 'MaxFailuresExceeded',
    message: '2 of 5 clusters failed',
  });

  it.each([
    [
      'Degraded when Failed is True',
      object({ conditions: [...trio('False', 'False', 'False', 'MaxFailuresExceeded'), failed('True')] }),
      ArgoHealthStatus.Degraded,
    ],
    [
      'Degraded when Failed is True even while Reconciling',
      object({ conditions: [...trio('False', 'True', 'False', 'Upgrading'), failed('True')] }),
      ArgoHealthStatus.Degraded,
    ],
    [
      'Suspended while spec.paused is true',
      object({ spec: { paused: true }, conditions: trio('False', 'True', 'False', 'Paused') }),
      ArgoHealthStatus.Suspended,
    ],
    [
      'Suspended while waiting for a stage approval',
      object({
        phase: 'WaitingForApproval',
        conditions: trio('False', 'True', 'False', 'WaitingForApproval'),
      }),
      ArgoHealthStatus.Suspended,
    ],
    [
      'Progressing while upgrading',
      object({
        phase: 'Progressing',
        conditions: [...trio('False', 'True', 'False', 'Upgrading'), failed('False')],
      }),
      ArgoHealthStatus.Progressing,
    ],
    [
      'Healthy once completed',
      object({
        phase: 'Succeeded',
        conditions: [...trio('True', 'False', 'False', 'Completed'), failed('False')],
      }),
      ArgoHealthStatus.Healthy,
    ],
    [
      'Progressing when paused but the pause is not observed yet',
      object({ generation: 4, observedGeneration: 3, spec: { paused: true } }),
      ArgoHealthStatus.Progressing,
    ],
  ])('UpgradePlan: %s', async (_name, obj, expected) => {
    expect((await argoHealth(Kind.UpgradePlan, obj)).status).toBe(expected);
  });

  it('UpgradePlan: the Failed message is shown', async () => {
    const health = await argoHealth(
      Kind.UpgradePlan,
      object({ conditions: [...trio('False', 'False', 'False', 'Upgrading'), failed('True')] }),
    );
    expect(health.message).toBe('MaxFailuresExceeded: 2 of 5 clusters failed');
  });
});
