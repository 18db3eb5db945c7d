import { ManualClock } from './clock.js';
import { KubeEventRecorder, type CoreEvent, type EventSink } from './events.js';

class FakeSink implements EventSink {
  created: CoreEvent[] = [];
  bumps: { namespace: string; name: string; count: number; lastTimestamp: string }[] = [];
  expired = new Set<string>();
  failCreate?: Error;
  async create(event: CoreEvent): Promise<void> {
    if (this.failCreate) throw this.failCreate;
    this.created.push(event);
  }
  async bump(
    namespace: string,
    name: string,
    patch: { count: number; lastTimestamp: string },
  ): Promise<void> {
    if (this.expired.has(name)) throw Object.assign(new Error('nf'), { code: 404 });
    this.bumps.push({ namespace, name, ...patch });
  }
}

const pool = {
  apiVersion: 'aks.lifecycle.dev/v1alpha1',
  kind: 'NodePool',
  metadata: { name: 'p1', namespace: 'ns', uid: 'u1', resourceVersion: '3' },
};

function setup() {
  const sink = new FakeSink();
  const clock = new ManualClock(Date.UTC(2025, 0, 1));
  const recorder = new KubeEventRecorder({
    sink,
    component: 'test-operator',
    instance: 'pod-1',
    clock,
    cacheSize: 2,
  });
  return { sink, clock, recorder };
}

describe('KubeEventRecorder', () => {
  it('creates a core/v1 Event naming the involved object', async () => {
    const { sink, recorder } = setup();
    await recorder.event(pool, {
      type: 'Normal',
      reason: 'CreatedAgentPool',
      message: 'created agent pool p1',
    });
    expect(sink.created).toHaveLength(1);
    expect(sink.created[0]).toMatchObject({
      metadata: { namespace: 'ns' },
      involvedObject: {
        kind: 'NodePool',
        name: 'p1',
        namespace: 'ns',
        uid: 'u1',
        apiVersion: 'aks.lifecycle.dev/v1alpha1',
      },
      type: 'Normal',
      reason: 'CreatedAgentPool',
      count: 1,
      firstTimestamp: '2025-01-01T00:00:00Z',
      source: { component: 'test-operator', host: 'pod-1' },
      reportingComponent: 'test-operator',
      reportingInstance: 'pod-1',
    });
    expect(sink.created[0]?.metadata.name).toMatch(/^p1\.[0-9a-f]{16}$/);
  });

  it('aggregates a repeat into count and lastTimestamp of the same Event', async () => {
    const { sink, recorder, clock } = setup();
    const e = { type: 'Warning', reason: 'AzureThrottled', message: 'throttled' } as const;
    await recorder.event(pool, e);
    await clock.advance(5000);
    await recorder.event(pool, e);
    await recorder.event(pool, e);
    expect(sink.created).toHaveLength(1);
    expect(sink.bumps.map((b) => [b.name, b.count, b.lastTimestamp])).toEqual([
      [sink.created[0]?.metadata.name, 2, '2025-01-01T00:00:05Z'],
      [sink.created[0]?.metadata.name, 3, '2025-01-01T00:00:05Z'],
    ]);
  });

  it('creates separate Events for different reasons or messages', async () => {
    const { sink, recorder } = setup();
    await recorder.event(pool, { type: 'Normal', reason: 'A', message: 'x' });
    await recorder.event(pool, { type: 'Normal', reason: 'A', message: 'y' });
    await recorder.event(pool, { type: 'Normal', reason: 'B', message: 'x' });
    expect(sink.created).toHaveLength(3);
  });

  it('starts a new Event when the old one expired', async () => {
    const { sink, recorder } = setup();
    const e = { type: 'Normal', reason: 'A', message: 'x' } as const;
    await recorder.event(pool, e);
    sink.expired.add(sink.created[0]?.metadata.name ?? '');
    await recorder.event(pool, e);
    expect(sink.created).toHaveLength(2);
    expect(sink.created[1]?.count).toBe(1);
  });

  it('forgets the oldest events beyond its cache size', async () => {
    const { sink, recorder } = setup();
    for (const reason of ['A', 'B', 'C', 'A'])
      await recorder.event(pool, { type: 'Normal', reason, message: 'x' });
    expect(sink.created.map((e) => e.reason)).toEqual(['A', 'B', 'C', 'A']);
  });

  it('never throws when the API refuses the event', async () => {
    const { sink, recorder } = setup();
    sink.failCreate = new Error('forbidden');
    await expect(
      recorder.event(pool, { type: 'Normal', reason: 'A', message: 'x' }),
    ).resolves.toBeUndefined();
  });

  it('files events of cluster-scoped objects in the default namespace', async () => {
    const { sink, recorder } = setup();
    await recorder.event(
      { kind: 'Node', metadata: { name: 'n1' } },
      { type: 'Normal', reason: 'CordonedNode', message: 'x' },
    );
    expect(sink.created[0]?.metadata.namespace).toBe('default');
  });
});
