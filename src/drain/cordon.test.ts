import {
  CORDONED_AT_ANNOTATION,
  DRAIN_STARTED_ANNOTATION,
  cordon,
  decideCordon,
  decideDrainStart,
  decideUncordon,
  uncordon,
} from './cordon.js';
import { FakeDrainCluster, makeNode } from './testing/fake-drain-cluster.js';

const AT = '2026-05-04T10:00:00.000Z';
const ours = { [CORDONED_AT_ANNOTATION]: AT, [DRAIN_STARTED_ANNOTATION]: AT };

describe('cordon decisions', () => {
  it.each([
    { name: 'cordons a schedulable node and marks it as ours', node: makeNode('n'), change: true },
    {
      name: 'writes nothing when the node is already cordoned',
      node: makeNode('n', { unschedulable: true }),
      change: false,
    },
  ])('$name', ({ node, change }) => {
    const d = decideCordon(node, AT);
    expect(d.change).toBe(change);
    if (d.change)
      expect(d.patch).toEqual({
        spec: { unschedulable: true },
        metadata: { annotations: { [CORDONED_AT_ANNOTATION]: AT } },
      });
  });

  it.each([
    {
      name: 'starting a drain cordons and records the start once',
      node: makeNode('n'),
      patch: { spec: { unschedulable: true }, metadata: { annotations: ours } },
    },
    {
      name: 'starting a drain on a node someone else cordoned records only the start',
      node: makeNode('n', { unschedulable: true }),
      patch: { metadata: { annotations: { [DRAIN_STARTED_ANNOTATION]: AT } } },
    },
    {
      name: 'S30: restarting a drain on a node that already records its start writes nothing',
      node: makeNode('n', { unschedulable: true, annotations: ours }),
      patch: undefined,
    },
  ])('$name', ({ node, patch }) => {
    const d = decideDrainStart(node, AT);
    if (patch) expect(d).toEqual({ change: true, patch });
    else expect(d.change).toBe(false);
  });

  it.each([
    {
      name: 'S35: uncordons a node the drain cordoned and clears its marks',
      node: makeNode('n', { unschedulable: true, annotations: ours }),
      want: {
        spec: { unschedulable: null },
        metadata: { annotations: { [CORDONED_AT_ANNOTATION]: null, [DRAIN_STARTED_ANNOTATION]: null } },
      },
    },
    {
      name: 'S35: leaves a node an administrator cordoned cordoned',
      node: makeNode('n', { unschedulable: true }),
      want: undefined,
    },
    {
      name: "S35: leaves an administrator's cordon but drops the drain start it recorded",
      node: makeNode('n', { unschedulable: true, annotations: { [DRAIN_STARTED_ANNOTATION]: AT } }),
      want: {
        metadata: { annotations: { [CORDONED_AT_ANNOTATION]: null, [DRAIN_STARTED_ANNOTATION]: null } },
      },
    },
    { name: 'writes nothing for a schedulable unmarked node', node: makeNode('n'), want: undefined },
  ])('$name', ({ node, want }) => {
    const d = decideUncordon(node);
    if (want) expect(d).toEqual({ change: true, patch: want });
    else expect(d.change).toBe(false);
  });

  it("uncordons an administrator's cordon only when asked", () => {
    expect(decideUncordon(makeNode('n', { unschedulable: true }), { evenIfCordonedByOthers: true })).toEqual({
      change: true,
      patch: {
        spec: { unschedulable: null },
        metadata: { annotations: { [CORDONED_AT_ANNOTATION]: null, [DRAIN_STARTED_ANNOTATION]: null } },
      },
    });
  });
});

describe('cordon and uncordon against a cluster', () => {
  const signal = new AbortController().signal;

  it('cordon then uncordon round-trips, each writing once, and a second call writes nothing', async () => {
    const cluster = new FakeDrainCluster().addNode(makeNode('n'));
    expect(await cordon(cluster, 'n', { at: AT }, signal)).toEqual({ exists: true, changed: true });
    expect(await cordon(cluster, 'n', { at: AT }, signal)).toEqual({ exists: true, changed: false });
    expect(cluster.nodes.get('n')?.spec?.unschedulable).toBe(true);
    expect(await uncordon(cluster, 'n', {}, signal)).toEqual({ exists: true, changed: true });
    expect(await uncordon(cluster, 'n', {}, signal)).toEqual({ exists: true, changed: false });
    expect(cluster.nodes.get('n')?.spec?.unschedulable).toBeUndefined();
    expect(cluster.calls.patchNode).toBe(2);
  });

  it('S27: reports a missing node without writing', async () => {
    const cluster = new FakeDrainCluster();
    expect(await cordon(cluster, 'gone', { at: AT }, signal)).toEqual({ exists: false, changed: false });
    expect(cluster.calls.patchNode).toBe(0);
  });
});
