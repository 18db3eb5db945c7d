import type { V1Pod } from '@kubernetes/client-node';
import { isNodeActionable } from './live-drain-view.js';
import { makePod } from './testing/fake-drain-cluster.js';
import type { DrainReport } from './types.js';

function report(parts: Partial<DrainReport>): DrainReport {
  return {
    node: 'node-1',
    phase: 'Draining',
    startedAt: '2026-05-04T10:00:00.000Z',
    observedAt: '2026-05-04T10:00:00.000Z',
    wasCordonedBefore: false,
    cordonedNow: false,
    isUnreachable: false,
    evicted: [],
    skipped: [],
    refused: [],
    terminating: [],
    blocked: [],
    forced: [],
    warnings: [],
    remaining: 0,
    passesWithoutProgress: 0,
    ...parts,
  };
}

const ref = (pod: V1Pod) => ({
  namespace: 'shop',
  name: pod.metadata?.name ?? '',
  uid: pod.metadata?.uid ?? '',
});
const terminating = (pod: V1Pod): V1Pod => ({
  ...pod,
  metadata: { ...pod.metadata, deletionTimestamp: new Date() },
});
const blocked = (pod: V1Pod) => ({
  pod: ref(pod),
  reason: 'PDBBlocked' as const,
  message: 'm',
  since: '2026-05-04T10:00:00.000Z',
  pdbNames: [],
  pdbs: [],
});

describe('isNodeActionable', () => {
  const a = makePod('a');
  const b = makePod('b');
  const ds = makePod('ds', { owner: { kind: 'DaemonSet', name: 'ds' } });

  it.each([
    ['wakes for a pod the last pass did not see', [a, b], report({ evicted: [ref(a)] }), true],
    [
      'sleeps while evicted pods leave one by one',
      [terminating(a)],
      report({ evicted: [ref(a), ref(b)] }),
      false,
    ],
    [
      'wakes once every evicted pod is gone, skipped ones aside',
      [ds],
      report({ evicted: [ref(a)], skipped: [{ pod: ref(ds), reason: 'DaemonSetPod' }] }),
      true,
    ],
    [
      'wakes when a blocked pod starts terminating (deleted by someone else)',
      [terminating(a)],
      report({ blocked: [blocked(a)] }),
      true,
    ],
    ['wakes when a blocked pod is gone', [], report({ blocked: [blocked(a)] }), true],
    ['sleeps while nothing changed for a blocked pod', [a], report({ blocked: [blocked(a)] }), false],
  ])('%s', (_, live, last, expected) => {
    expect(isNodeActionable(live, last)).toBe(expected);
  });
});
