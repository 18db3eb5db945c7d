import { DRAIN_STARTED_ANNOTATION } from './cordon.js';
import { drainStep } from './drain-step.js';
import type { DrainStepOptions } from './drain-step.js';
import { FakeDrainCluster, makeNode, makePdb, makePod } from './testing/fake-drain-cluster.js';
import { InstantClock } from './testing/instant-clock.js';
import type { DrainReport } from './types.js';

const signal = new AbortController().signal;
const NOW = Date.UTC(2026, 4, 4, 10, 0, 0);
const names = (refs: { name: string }[]): string[] => refs.map((r) => r.name).sort();

function world(): FakeDrainCluster {
  return new FakeDrainCluster()
    .addNode(makeNode('node-1'))
    .addOwner('shop', 'ReplicaSet', 'rs')
    .addOwner('shop', 'DaemonSet', 'agent');
}

function options(cluster: FakeDrainCluster, extra: Partial<DrainStepOptions> = {}): DrainStepOptions {
  return { cluster, clock: new InstantClock(NOW), random: () => 0.5, ...extra };
}

describe('drainStep: classification and completion', () => {
  it('S1: evicts only the Deployment pod; DaemonSet and mirror pods stay and the node counts as drained', async () => {
    const cluster = world()
      .addPod(makePod('agent-x', { owner: { kind: 'DaemonSet', name: 'agent' } }))
      .addPod(
        makePod('kube-proxy-node-1', {
          owner: { kind: 'Node', name: 'node-1' },
          annotations: { 'kubernetes.io/config.mirror': 'h' },
        }),
      )
      .addPod(makePod('web-1'));
    const first = await drainStep('node-1', options(cluster), signal);
    expect(names(first.report.evicted)).toEqual(['web-1']);
    expect(first.report.skipped.map((s) => s.reason).sort()).toEqual(['DaemonSetPod', 'MirrorPod']);
    expect(first.isDone).toBe(false);
    cluster.finishTerminating();
    const second = await drainStep('node-1', options(cluster, { previous: first.report }), signal);
    expect(second).toMatchObject({
      isDone: true,
      requeueAfterMs: 0,
      report: { phase: 'Drained', remaining: 0 },
    });
    expect(cluster.pods.size).toBe(2);
  });

  it('S2: a Succeeded pod never blocks and is not evicted', async () => {
    const cluster = world().addPod(
      makePod('job-1', { phase: 'Succeeded', owner: { kind: 'Job', name: 'j' } }),
    );
    const result = await drainStep('node-1', options(cluster), signal);
    expect(result.report.phase).toBe('Drained');
    expect(cluster.calls.evict).toBe(0);
  });

  it('S3: a bare pod is refused by default and nothing on that node is evicted; reason Unmanaged names it', async () => {
    const cluster = world()
      .addPod(makePod('bare', { owner: null }))
      .addPod(makePod('web-1'));
    const result = await drainStep('node-1', options(cluster), signal);
    expect(result.report.refused).toEqual([
      expect.objectContaining({ pod: expect.objectContaining({ name: 'bare' }), reason: 'Unmanaged' }),
    ]);
    expect(result.report).toMatchObject({ phase: 'Draining', remaining: 2 });
    expect(result.report.blocked).toEqual([
      expect.objectContaining({
        reason: 'AwaitingRefusedPods',
        message: expect.stringContaining('shop/bare'),
      }),
    ]);
    expect(cluster.calls.evict).toBe(0);
  });

  it('S3: with allowUnmanagedPods the bare pod is evicted with a warning', async () => {
    const cluster = world().addPod(makePod('bare', { owner: null }));
    const result = await drainStep('node-1', options(cluster, { allowUnmanagedPods: true }), signal);
    expect(names(result.report.evicted)).toEqual(['bare']);
    expect(result.report.warnings).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/no controller/) }),
    ]);
  });

  it('S5: an emptyDir pod is evicted and listed under warnings', async () => {
    const cluster = world().addPod(makePod('cache', { emptyDir: true }));
    const result = await drainStep('node-1', options(cluster), signal);
    expect(names(result.report.evicted)).toEqual(['cache']);
    expect(result.report.warnings[0]?.message).toMatch(/local storage/);
  });

  it('S27: a node that no longer exists is done with NodeNotFound and nothing is written', async () => {
    const cluster = new FakeDrainCluster();
    const result = await drainStep('gone', options(cluster), signal);
    expect(result).toMatchObject({ isDone: true, report: { phase: 'NodeNotFound' } });
    expect(cluster.calls.patchNode + cluster.calls.evict).toBe(0);
  });

  it('S33: a pod that lands on the cordoned node after the first pass is evicted by the next', async () => {
    const cluster = world().addPod(makePod('web-1'));
    const first = await drainStep('node-1', options(cluster), signal);
    cluster.finishTerminating();
    cluster.addPod(makePod('late', { owner: { kind: 'ReplicaSet', name: 'rs' } }));
    const second = await drainStep('node-1', options(cluster, { previous: first.report }), signal);
    expect(names(second.report.evicted)).toEqual(['late']);
    expect(second.isDone).toBe(false);
  });

  it('E3: a pod already terminating is waited for, never evicted again', async () => {
    const cluster = world().addPod(makePod('leaving', { deletionTimestamp: new Date(NOW + 20_000) }));
    const result = await drainStep('node-1', options(cluster), signal);
    expect(cluster.calls.evict).toBe(0);
    expect(result.report.terminating).toEqual([expect.objectContaining({ isStuck: false })]);
    expect(result.report.remaining).toBe(1);
  });

  it('S23: a pod held by a finalizer past deletionTimestamp + 60 s is reported stuck with the finalizer, not force-deleted', async () => {
    const cluster = world().addPod(
      makePod('pg-0', { deletionTimestamp: new Date(NOW - 61_000), finalizers: ['example.com/hold'] }),
    );
    const result = await drainStep('node-1', options(cluster), signal);
    expect(result.report.terminating).toEqual([
      expect.objectContaining({ isStuck: true, finalizers: ['example.com/hold'] }),
    ]);
    expect(result.report.phase).toBe('Draining');
    expect(cluster.calls.deletePod).toBe(0);
  });

  it('critical pods are evicted only after the other pods are gone', async () => {
    const cluster = world()
      .addPod(makePod('coredns', { priorityClassName: 'system-cluster-critical' }))
      .addPod(makePod('web-1'));
    const first = await drainStep('node-1', options(cluster), signal);
    expect(names(first.report.evicted)).toEqual(['web-1']);
    expect(first.report.blocked).toEqual([expect.objectContaining({ reason: 'AwaitingOtherPods' })]);
    cluster.finishTerminating();
    const second = await drainStep('node-1', options(cluster, { previous: first.report }), signal);
    expect(names(second.report.evicted)).toEqual(['coredns']);
  });
});

describe('drainStep: cordon and resume', () => {
  it('cordons the node and records the start time on the first pass only', async () => {
    const cluster = world().addPod(makePod('web-1'));
    const first = await drainStep('node-1', options(cluster), signal);
    expect(first.report).toMatchObject({
      cordonedNow: true,
      wasCordonedBefore: false,
      startedAt: new Date(NOW).toISOString(),
    });
    expect(cluster.nodes.get('node-1')?.spec?.unschedulable).toBe(true);
    await drainStep('node-1', options(cluster, { previous: first.report }), signal);
    expect(cluster.calls.patchNode).toBe(1);
  });

  it('S30: a restarted drain (no memory) keeps the start time recorded on the node and never uncordons', async () => {
    const cluster = world().addPod(makePod('web-1'));
    await drainStep('node-1', options(cluster, { clock: new InstantClock(NOW) }), signal);
    const later = NOW + 10 * 60_000;
    const resumed = await drainStep('node-1', options(cluster, { clock: new InstantClock(later) }), signal);
    expect(resumed.report.startedAt).toBe(new Date(NOW).toISOString());
    expect(cluster.nodes.get('node-1')?.metadata?.annotations?.[DRAIN_STARTED_ANNOTATION]).toBe(
      new Date(NOW).toISOString(),
    );
    expect(cluster.nodes.get('node-1')?.spec?.unschedulable).toBe(true);
    expect(resumed.report.evicted).toEqual([]); // the pod is terminating: waited for, not evicted twice
    expect(cluster.calls.evict).toBe(1);
  });

  it('S35: remembers that an administrator cordoned the node before the drain', async () => {
    const cluster = new FakeDrainCluster()
      .addNode(makeNode('node-1', { unschedulable: true }))
      .addOwner('shop', 'ReplicaSet', 'rs');
    const result = await drainStep('node-1', options(cluster), signal);
    expect(result.report).toMatchObject({ wasCordonedBefore: true, cordonedNow: false });
  });

  it('S28: on an unreachable node evictions use a 1 s grace period', async () => {
    const cluster = new FakeDrainCluster()
      .addNode(makeNode('node-1', { ready: 'Unknown' }))
      .addOwner('shop', 'ReplicaSet', 'rs')
      .addPod(makePod('web-1'));
    const result = await drainStep('node-1', options(cluster, { gracePeriodSeconds: 30 }), signal);
    expect(result.report.isUnreachable).toBe(true);
    expect(cluster.evictions).toEqual([{ pod: 'shop/web-1', gracePeriodSeconds: 1 }]);
  });
});

describe('drainStep: eviction answers', () => {
  const pdbStatus = { expectedPods: 3, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 };

  it('S17: a ready pod blocked by an unready sibling elsewhere is reported with the PDB, its numbers and the sibling', async () => {
    const cluster = world()
      .addPdb(makePdb('api-pdb', { maxUnavailable: 1, status: pdbStatus }))
      .addPod(makePod('api-a'))
      .addPod(makePod('api-b', { node: 'blue-2' }))
      .addPod(makePod('api-c', { node: 'green-1', ready: false }));
    const result = await drainStep('node-1', options(cluster), signal);
    expect(result.report.blocked).toHaveLength(1);
    const blocked = result.report.blocked[0];
    expect(blocked).toMatchObject({
      reason: 'PDBBlocked',
      pdbNames: ['api-pdb'],
      since: new Date(NOW).toISOString(),
    });
    expect(blocked?.message).toMatch(/needs 2 healthy pods and has 2 currently/);
    expect(blocked?.pdbs[0]).toMatchObject({
      zero: 'Effective',
      unreadyPods: [expect.objectContaining({ node: 'green-1' })],
    });
  });

  it('S18: the unready replica on the draining node is evicted while the ready one waits', async () => {
    const cluster = world()
      .addPdb(makePdb('api-pdb', { maxUnavailable: 1, status: pdbStatus }))
      .addPod(makePod('api-ready'))
      .addPod(makePod('api-unready', { ready: false }))
      .addPod(makePod('api-other', { node: 'blue-2' }));
    const result = await drainStep('node-1', options(cluster), signal);
    expect(names(result.report.evicted)).toEqual(['api-unready']);
    expect(names(result.report.blocked.map((b) => b.pod))).toEqual(['api-ready']);
  });

  it.each([
    { policy: 'AlwaysAllow', evicted: ['api-unready'] },
    { policy: 'IfHealthyBudget', evicted: [] },
  ])(
    'S19: minAvailable 3 of 3 with one unready pod on the node and policy $policy',
    async ({ policy, evicted }) => {
      const cluster = world()
        .addPdb(
          makePdb('api-pdb', {
            minAvailable: 3,
            unhealthyPodEvictionPolicy: policy,
            status: { expectedPods: 3, desiredHealthy: 3, currentHealthy: 2, disruptionsAllowed: 0 },
          }),
        )
        .addPod(makePod('api-unready', { ready: false }));
      const result = await drainStep('node-1', options(cluster), signal);
      expect(names(result.report.evicted)).toEqual(evicted);
    },
  );

  it('S16: a structural-zero PDB (minAvailable = replicas) is reported as such', async () => {
    const cluster = world()
      .addPdb(
        makePdb('api-pdb', {
          minAvailable: 3,
          status: { expectedPods: 3, desiredHealthy: 3, currentHealthy: 3, disruptionsAllowed: 0 },
        }),
      )
      .addPod(makePod('api-a'));
    const result = await drainStep('node-1', options(cluster), signal);
    expect(result.report.blocked[0]?.pdbs[0]).toMatchObject({
      zero: 'Structural',
      structuralReason: expect.stringMatching(/minAvailable 3/),
    });
  });

  it('S20: a Pending replacement is named in the block with its scheduling message', async () => {
    const cluster = world()
      .addPdb(makePdb('api-pdb', { maxUnavailable: 1, status: pdbStatus }))
      .addPod(makePod('api-a'))
      .addPod(makePod('api-b', { node: 'blue-2' }))
      .addPod(
        makePod('api-new', {
          node: '',
          phase: 'Pending',
          scheduling: {
            reason: 'Unschedulable',
            message: '0/3 nodes are available: 3 node(s) were unschedulable.',
          },
        }),
      );
    const result = await drainStep('node-1', options(cluster), signal);
    expect(result.report.blocked[0]?.pdbs[0]?.pendingPods).toEqual([
      {
        pod: expect.objectContaining({ name: 'api-new' }),
        schedulingMessage: 'Unschedulable: 0/3 nodes are available: 3 node(s) were unschedulable.',
      },
    ]);
  });

  it('sends one eviction per exhausted budget per pass, not one per pod', async () => {
    const cluster = world().addPdb(makePdb('api-pdb', { maxUnavailable: 1, status: pdbStatus }));
    for (let i = 0; i < 10; i++) cluster.addPod(makePod(`api-${i}`));
    const result = await drainStep('node-1', options(cluster, { podConcurrency: 1 }), signal);
    expect(cluster.calls.evict).toBe(1);
    expect(result.report.blocked).toHaveLength(10);
    expect(new Set(result.report.blocked.map((b) => b.reason))).toEqual(new Set(['PDBBlocked']));
  });

  it("S7: with one disruption allowed, exactly one of the PDB's pods is evicted per pass", async () => {
    const cluster = world().addPdb(
      makePdb('api-pdb', {
        maxUnavailable: 1,
        status: { expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 },
      }),
    );
    for (const n of ['api-a', 'api-b', 'api-c']) cluster.addPod(makePod(n));
    const result = await drainStep('node-1', options(cluster, { podConcurrency: 1 }), signal);
    expect(result.report.evicted).toHaveLength(1);
    expect(result.report.blocked).toHaveLength(2);
  });

  it('S8: a pod selected by two PDBs is reported MultiplePDBs naming both', async () => {
    const cluster = world()
      .addPdb(makePdb('pdb-a', { maxUnavailable: 1, status: pdbStatus }))
      .addPdb(makePdb('pdb-b', { minAvailable: 1, status: pdbStatus }))
      .addPod(makePod('api-a'));
    const result = await drainStep('node-1', options(cluster), signal);
    expect(result.report.blocked[0]).toMatchObject({ reason: 'MultiplePDBs', pdbNames: ['pdb-a', 'pdb-b'] });
    expect(result.requeueAfterMs).toBeGreaterThanOrEqual(900);
  });

  it('S9: a PDB still being processed is honoured with at least 10 s and is not a PDB block', async () => {
    const cluster = world()
      .addPdb(
        makePdb('api-pdb', {
          maxUnavailable: 1,
          generation: 2,
          observedGeneration: 1,
          status: { ...pdbStatus, disruptionsAllowed: 1 },
        }),
      )
      .addPod(makePod('api-a'));
    const result = await drainStep('node-1', options(cluster), signal);
    expect(result.report.blocked[0]?.reason).toBe('PDBProcessing');
    expect(result.requeueAfterMs).toBeGreaterThanOrEqual(10_000);
  });

  it('S10: a throttled eviction (no DisruptionBudget cause) backs off and names no PDB', async () => {
    const cluster = world()
      .script('shop', 'api-a', {
        outcome: 'refused',
        refusal: { reason: 'Throttled', message: 'slow down', retryAfterMs: 2000 },
      })
      .addPod(makePod('api-a'));
    const result = await drainStep('node-1', options(cluster), signal);
    expect(result.report.blocked[0]).toMatchObject({ reason: 'Throttled', pdbNames: [] });
    expect(result.requeueAfterMs).toBeGreaterThanOrEqual(2000);
  });

  it('S11: a 409 on a pod re-created under the same name counts as gone; the new pod is not evicted', async () => {
    const cluster = world().addPod(makePod('web-0'));
    const original = cluster.pods.get('shop/web-0');
    cluster.script('shop', 'web-0', { outcome: 'conflict', message: 'uid mismatch' });
    const replacement = makePod('web-0', { node: 'green-1' });
    // The StatefulSet re-created web-0 elsewhere between our list and the eviction.
    const originalList = cluster.listPodsOnNode.bind(cluster);
    cluster.listPodsOnNode = async (n: string) => {
      const listed = await originalList(n);
      cluster.addPod(replacement);
      return listed.length > 0 ? listed : original ? [original] : [];
    };
    const result = await drainStep('node-1', options(cluster), signal);
    expect(result.report.evicted).toEqual([]);
    expect(result.report.blocked).toEqual([]);
    expect(result.report.remaining).toBe(0);
    expect(cluster.calls.evict).toBe(1);
  });

  it('S12: a pod deleted between list and eviction (404) counts as done', async () => {
    const cluster = world().addPod(makePod('web-1')).script('shop', 'web-1', { outcome: 'gone' });
    const result = await drainStep('node-1', options(cluster), signal);
    expect(result.report).toMatchObject({ remaining: 0, phase: 'Drained' });
  });

  it('S13: a forbidden eviction stalls the node after one request, with no retry storm', async () => {
    const cluster = world().addPod(makePod('a')).addPod(makePod('b')).addPod(makePod('c'));
    for (const n of ['a', 'b', 'c'])
      cluster.script('shop', n, {
        outcome: 'refused',
        refusal: { reason: 'EvictionForbidden', message: 'cannot create pods/eviction' },
      });
    const result = await drainStep('node-1', options(cluster, { podConcurrency: 1 }), signal);
    expect(cluster.calls.evict).toBe(1);
    expect(result.report.phase).toBe('Stalled');
    expect(result.requeueAfterMs).toBe(5 * 60_000);
  });

  it('S14: a namespace being deleted is waited on, not reported as a PDB block', async () => {
    const cluster = world()
      .addPod(makePod('a'))
      .script('shop', 'a', {
        outcome: 'refused',
        refusal: { reason: 'NamespaceTerminating', message: 'namespace shop is being terminated' },
      });
    const result = await drainStep('node-1', options(cluster), signal);
    expect(result.report.blocked[0]).toMatchObject({ reason: 'NamespaceTerminating', pdbNames: [] });
  });

  it('S34: a server error is never taken for success', async () => {
    const cluster = world()
      .addPod(makePod('a'))
      .script('shop', 'a', { outcome: 'refused', refusal: { reason: 'ServerError', message: 'HTTP 503' } });
    const result = await drainStep('node-1', options(cluster), signal);
    expect(result.report).toMatchObject({ evicted: [], remaining: 1, phase: 'Draining' });
    expect(cluster.pods.get('shop/a')?.metadata?.deletionTimestamp).toBeUndefined();
  });

  it('keeps "blocked since" across passes and backs off exponentially while nothing moves', async () => {
    const cluster = world()
      .addPdb(makePdb('api-pdb', { maxUnavailable: 1, status: pdbStatus }))
      .addPod(makePod('api-a'));
    let previous: DrainReport | undefined;
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await drainStep(
        'node-1',
        options(cluster, { clock: new InstantClock(NOW + i * 60_000), ...(previous ? { previous } : {}) }),
        signal,
      );
      delays.push(r.requeueAfterMs);
      previous = r.report;
    }
    expect(previous?.blocked[0]?.since).toBe(new Date(NOW).toISOString());
    expect(delays).toEqual([1000, 2000, 4000, 8000]);
  });
});

describe('drainStep: timeout policies', () => {
  const blockedWorld = (): FakeDrainCluster =>
    world()
      .addPdb(
        makePdb('api-pdb', {
          minAvailable: '100%',
          status: { expectedPods: 1, desiredHealthy: 1, currentHealthy: 1, disruptionsAllowed: 0 },
        }),
      )
      .addPod(makePod('api-a', { terminationGracePeriodSeconds: 0 }));
  const started = new Date(NOW - 3 * 60_000).toISOString();

  it('S24: Wait keeps the node cordoned, reports TimedOut and keeps trying', async () => {
    const cluster = blockedWorld();
    const result = await drainStep(
      'node-1',
      options(cluster, { startedAt: started, timeoutMs: 2 * 60_000 }),
      signal,
    );
    expect(result).toMatchObject({ isDone: false, report: { phase: 'TimedOut' } });
    expect(cluster.nodes.get('node-1')?.spec?.unschedulable).toBe(true);
    expect(cluster.calls.evict).toBe(1);
    expect(cluster.calls.deletePod).toBe(0);
  });

  it('S25: CordonOnly stops evicting and reports the node Quarantined', async () => {
    const cluster = blockedWorld();
    const result = await drainStep(
      'node-1',
      options(cluster, { startedAt: started, timeoutMs: 2 * 60_000, onTimeout: 'CordonOnly' }),
      signal,
    );
    expect(result).toMatchObject({ isDone: true, report: { phase: 'Quarantined' } });
    expect(result.report.blocked[0]).toMatchObject({ reason: 'DrainTimedOut', pdbNames: ['api-pdb'] });
    expect(cluster.calls.evict + cluster.calls.deletePod).toBe(0);
    expect(cluster.nodes.get('node-1')?.spec?.unschedulable).toBe(true);
  });

  it('S26: Force deletes what is left with grace >= 1 s and names the bypassed PDB', async () => {
    const cluster = blockedWorld();
    const result = await drainStep(
      'node-1',
      options(cluster, { startedAt: started, timeoutMs: 2 * 60_000, onTimeout: 'Force' }),
      signal,
    );
    expect(cluster.deletions).toEqual([{ pod: 'shop/api-a', gracePeriodSeconds: 1 }]);
    expect(result.report.forced).toEqual([
      { pod: expect.objectContaining({ name: 'api-a' }), gracePeriodSeconds: 1, bypassedPdbs: ['api-pdb'] },
    ]);
    expect(cluster.calls.evict).toBe(0);
  });

  it('Force never deletes a pod the user did not allow to be lost (unmanaged)', async () => {
    const cluster = world().addPod(makePod('bare', { owner: null }));
    const result = await drainStep(
      'node-1',
      options(cluster, { startedAt: started, timeoutMs: 60_000, onTimeout: 'Force' }),
      signal,
    );
    expect(cluster.calls.deletePod).toBe(0);
    expect(result.report.refused).toHaveLength(1);
  });

  it('before the timeout nothing is ever deleted, only evicted', async () => {
    const cluster = blockedWorld();
    await drainStep(
      'node-1',
      options(cluster, {
        startedAt: new Date(NOW - 60_000).toISOString(),
        timeoutMs: 2 * 60_000,
        onTimeout: 'Force',
      }),
      signal,
    );
    expect(cluster.calls.deletePod).toBe(0);
    expect(cluster.calls.evict).toBe(1);
  });
});
