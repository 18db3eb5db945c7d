import type {
  V1Deployment,
  V1DeploymentStrategy,
  V1PersistentVolumeClaim,
  V1ReplicaSet,
} from '@kubernetes/client-node';
import { DRAIN_ROLLOUT_ALLOWED, DRAIN_ROLLOUT_ANNOTATION } from '../api/index.js';
import { drainStep } from './drain-step.js';
import type { DrainStepOptions } from './drain-step.js';
import { renderDrainReport } from './stuck-report.js';
import { FakeDrainCluster, makeNode, makePdb, makePod } from './testing/fake-drain-cluster.js';
import { InstantClock } from './testing/instant-clock.js';
import type { PdbExplanation } from './types.js';
import { rolloutEligibility, surgePods } from './workload-rollout.js';
import type { RolloutFacts } from './workload-rollout.js';

const signal = new AbortController().signal;
const NOW = Date.UTC(2026, 4, 4, 10, 0, 0);

function deployment(
  opts: {
    isOptedIn?: boolean;
    replicas?: number;
    strategy?: V1DeploymentStrategy;
  } = {},
): V1Deployment {
  const replicas = opts.replicas ?? 1;
  return {
    metadata: {
      name: 'api',
      namespace: 'shop',
      generation: 1,
      ...((opts.isOptedIn ?? true)
        ? { annotations: { [DRAIN_ROLLOUT_ANNOTATION]: DRAIN_ROLLOUT_ALLOWED } }
        : {}),
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'api' } },
      template: { metadata: { labels: { app: 'api' } } },
      ...(opts.strategy ? { strategy: opts.strategy } : {}),
    },
    status: { observedGeneration: 1, replicas, updatedReplicas: replicas, readyReplicas: replicas },
  };
}

const replicaSet: V1ReplicaSet = {
  metadata: {
    name: 'rs',
    namespace: 'shop',
    ownerReferences: [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: 'd-uid', controller: true },
    ],
  },
  spec: { selector: { matchLabels: { app: 'api' } } },
};

/** A budget at its minimum: one replica, minAvailable 1, healthy. */
const atMinimum: PdbExplanation = {
  namespace: 'shop',
  name: 'api-pdb',
  minAvailable: '1',
  expectedPods: 1,
  desiredHealthy: 1,
  currentHealthy: 1,
  disruptionsAllowed: 0,
  zero: 'Effective',
  unreadyPods: [],
  pendingPods: [],
};

const rwoClaim: V1PersistentVolumeClaim = {
  metadata: { name: 'data', namespace: 'shop' },
  spec: { accessModes: ['ReadWriteOnce'] },
};

function facts(extra: Partial<RolloutFacts> = {}): RolloutFacts {
  return {
    pod: makePod('api-1'),
    pdbs: [atMinimum],
    replicaSet,
    deployment: deployment(),
    claims: [],
    ...extra,
  };
}

describe('rolloutEligibility', () => {
  it('rolls an opted-in RollingUpdate Deployment at its minimum with the default maxSurge', () => {
    expect(rolloutEligibility(facts())).toEqual({
      isEligible: true,
      workload: 'Deployment shop/api',
      namespace: 'shop',
      name: 'api',
    });
  });

  it.each<[string, Partial<RolloutFacts>, RegExp]>([
    [
      'never rolls a StatefulSet pod',
      { pod: makePod('db-0', { owner: { kind: 'StatefulSet', name: 'db' } }) },
      /never a StatefulSet/,
    ],
    ['never rolls a bare pod', { pod: makePod('lone', { owner: null }) }, /without a controller/],
    ['needs the owner opt-in annotation', { deployment: deployment({ isOptedIn: false }) }, /drain-rollout/],
    [
      'refuses a Recreate Deployment',
      { deployment: deployment({ strategy: { type: 'Recreate' } }) },
      /strategy is Recreate/,
    ],
    [
      'refuses maxSurge 0',
      { deployment: deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0 } } }) },
      /maxSurge is 0/,
    ],
    [
      'refuses a rollout that may take pods down first',
      { deployment: deployment({ replicas: 4 }) },
      /maxUnavailable lets a rollout/,
    ],
    ['refuses a pod with a ReadWriteOnce claim', { claims: [rwoClaim] }, /ReadWriteOnce claim data/],
    [
      'refuses a budget that is zero because a pod is unhealthy',
      { pdbs: [{ ...atMinimum, expectedPods: 2, desiredHealthy: 1, currentHealthy: 1 }] },
      /unhealthy/,
    ],
    [
      'refuses a maxUnavailable budget',
      { pdbs: [{ ...atMinimum, minAvailable: undefined, maxUnavailable: '0' }] as PdbExplanation[] },
      /maxUnavailable/,
    ],
    [
      'refuses a ReplicaSet without a Deployment',
      { replicaSet: { metadata: { name: 'rs' } } },
      /no Deployment/,
    ],
  ])('%s', (_name, extra, why) => {
    const verdict = rolloutEligibility(facts(extra));
    expect(verdict.isEligible).toBe(false);
    expect(verdict.isEligible === false && verdict.why).toMatch(why);
  });

  it.each<[string | number, number, number]>([
    ['25%', 1, 1],
    ['10%', 3, 1],
    ['50%', 4, 2],
    [0, 3, 0],
    ['0%', 3, 0],
    [2, 1, 2],
  ])('maxSurge %s of %i replicas is %i pods (percent rounds up)', (maxSurge, replicas, pods) => {
    const d = deployment({ replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge } } });
    expect(surgePods(d)).toBe(pods);
  });
});

describe('drainStep with rollouts allowed', () => {
  const pdbStatus = { expectedPods: 1, desiredHealthy: 1, currentHealthy: 1, disruptionsAllowed: 0 };

  function world(d: V1Deployment): FakeDrainCluster {
    return new FakeDrainCluster()
      .addNode(makeNode('node-1'))
      .addOwner('shop', 'ReplicaSet', 'rs')
      .addReplicaSet(replicaSet)
      .addDeployment(d)
      .addPdb(makePdb('api-pdb', { minAvailable: 1, status: pdbStatus }))
      .addPod(makePod('api-1'));
  }

  function options(cluster: FakeDrainCluster, extra: Partial<DrainStepOptions> = {}): DrainStepOptions {
    return { cluster, clock: new InstantClock(NOW), random: () => 0.5, ...extra };
  }

  it('rolls the Deployment once instead of evicting, and reports the pod WorkloadRolled', async () => {
    const cluster = world(deployment());
    const rolledWorkloads = new Set<string>();
    const first = await drainStep(
      'node-1',
      options(cluster, { allowRollouts: true, rolledWorkloads }),
      signal,
    );
    expect(cluster.restarts).toEqual([{ deployment: 'shop/api', restartedAt: new Date(NOW).toISOString() }]);
    expect(first.report.blocked[0]).toMatchObject({
      reason: 'WorkloadRolled',
      rollout: { workload: 'Deployment shop/api', isRolled: true, isRolledNow: true },
    });
    expect(renderDrainReport(first.report, NOW).events.map((e) => e.reason)).toContain('RolledWorkload');
    const second = await drainStep(
      'node-1',
      options(cluster, { allowRollouts: true, rolledWorkloads, previous: first.report }),
      signal,
    );
    expect(cluster.restarts).toHaveLength(1);
    expect(second.report.blocked[0]).toMatchObject({
      reason: 'WorkloadRolled',
      rollout: { isRolledNow: false },
    });
  });

  it('does not roll a Deployment whose rollout is already in progress', async () => {
    const d = deployment();
    d.status = { ...d.status, updatedReplicas: 0 };
    const cluster = world(d);
    await drainStep('node-1', options(cluster, { allowRollouts: true }), signal);
    expect(cluster.restarts).toHaveLength(0);
  });

  it('only evicts when rollouts are not allowed', async () => {
    const cluster = world(deployment());
    const result = await drainStep('node-1', options(cluster), signal);
    expect(cluster.restarts).toHaveLength(0);
    expect(result.report.blocked[0]?.reason).toBe('PDBBlocked');
    expect(result.report.blocked[0]?.rollout).toBeUndefined();
  });

  it('says in the stuck report why a workload was not rolled', async () => {
    const cluster = world(deployment({ isOptedIn: false }));
    const result = await drainStep('node-1', options(cluster, { allowRollouts: true }), signal);
    expect(cluster.restarts).toHaveLength(0);
    expect(result.report.blocked[0]?.reason).toBe('PDBBlocked');
    expect(renderDrainReport(result.report, NOW).message).toMatch(
      /Deployment shop\/api not rolled: its owner has not set the annotation/,
    );
  });
});
