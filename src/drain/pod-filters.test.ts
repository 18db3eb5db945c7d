import type { V1Pod } from '@kubernetes/client-node';
import { classifyPod, drainFilters } from './pod-filters.js';
import type { FilterSettings, OwnerExists } from './pod-filters.js';
import { makePod } from './testing/fake-drain-cluster.js';
import type { Verdict } from './types.js';

const NOW = Date.UTC(2026, 4, 4, 10, 0, 0);
const existing: OwnerExists = () => true;
const deletedDaemonSet: OwnerExists = (_ns, owner) => owner.kind !== 'DaemonSet';

interface Case {
  name: string;
  pod: V1Pod;
  settings?: FilterSettings;
  owners?: OwnerExists;
  isUnreachable?: boolean;
  want: Verdict['action'];
  reason?: string;
  warning?: RegExp;
}

const cases: Case[] = [
  {
    name: 'S1: skips a DaemonSet pod whose DaemonSet exists',
    pod: makePod('ds', { owner: { kind: 'DaemonSet', name: 'agent' } }),
    want: 'skip',
    reason: 'DaemonSetPod',
  },
  {
    name: 'S1: skips a mirror pod (config.mirror annotation)',
    pod: makePod('static', { annotations: { 'kubernetes.io/config.mirror': 'abc' }, owner: null }),
    want: 'skip',
    reason: 'MirrorPod',
  },
  {
    name: 'S1: skips a pod owned by its Node (static pod)',
    pod: makePod('static2', { owner: { kind: 'Node', name: 'node-1' } }),
    want: 'skip',
    reason: 'MirrorPod',
  },
  { name: 'S1: evicts a Deployment pod', pod: makePod('web'), want: 'evict' },
  {
    name: 'S2: skips a Succeeded Job pod without waiting',
    pod: makePod('job', { phase: 'Succeeded', owner: { kind: 'Job', name: 'j' } }),
    want: 'skip',
    reason: 'Finished',
  },
  {
    name: 'S2: skips a Failed bare pod (finished pods never block, even unmanaged)',
    pod: makePod('failed', { phase: 'Failed', owner: null }),
    want: 'skip',
    reason: 'Finished',
  },
  {
    name: 'S3: refuses a bare pod by default, naming the setting',
    pod: makePod('bare', { owner: null }),
    want: 'refuse',
    reason: 'Unmanaged',
  },
  {
    name: 'S3: evicts a bare pod with a warning when the user allows unmanaged pods',
    pod: makePod('bare', { owner: null }),
    settings: { allowUnmanagedPods: true },
    want: 'evict',
    warning: /no controller/,
  },
  {
    name: 'S4: refuses an orphan whose DaemonSet was deleted',
    pod: makePod('orphan', { owner: { kind: 'DaemonSet', name: 'gone' } }),
    owners: deletedDaemonSet,
    want: 'refuse',
    reason: 'Unmanaged',
  },
  {
    name: 'S5: evicts a pod with emptyDir data and records a local-storage warning',
    pod: makePod('cache', { emptyDir: true }),
    want: 'evict',
    warning: /local storage: emptyDir data \(scratch\)/,
  },
  {
    name: 'S5: refuses a pod with emptyDir data when localStoragePods is Refuse',
    pod: makePod('cache', { emptyDir: true }),
    settings: { localStoragePods: 'Refuse' },
    want: 'refuse',
    reason: 'LocalStorage',
  },
  {
    name: 'E3: waits for a pod that is already terminating instead of evicting again',
    pod: makePod('leaving', { deletionTimestamp: new Date(NOW - 5000) }),
    want: 'wait',
  },
  {
    name: 'S28: skips a pod terminating > 1 s on an unreachable node',
    pod: makePod('leaving', { deletionTimestamp: new Date(NOW - 5000) }),
    isUnreachable: true,
    want: 'skip',
    reason: 'TerminatingOnUnreachableNode',
  },
  {
    name: 'S28: still waits for a pod that just started terminating on an unreachable node',
    pod: makePod('leaving', { deletionTimestamp: new Date(NOW - 500) }),
    isUnreachable: true,
    want: 'wait',
  },
  {
    name: 'S31: skips a pod the caller excludes (the operator itself)',
    pod: makePod('operator', { labels: { app: 'operator' } }),
    settings: { exclude: (p) => p.metadata?.labels?.app === 'operator' },
    want: 'skip',
    reason: 'Excluded',
  },
  {
    name: 'S4: skips (not refuses) a DaemonSet pod when the DaemonSet could not be read',
    pod: makePod('ds', { owner: { kind: 'DaemonSet', name: 'x' } }),
    owners: () => undefined,
    want: 'skip',
    reason: 'DaemonSetPod',
  },
];

describe('pod filters', () => {
  it.each(cases)('$name', ({ pod, settings, owners, isUnreachable, want, reason, warning }) => {
    const verdict = classifyPod(
      pod,
      drainFilters(settings ?? {}, {
        ownerExists: owners ?? existing,
        isNodeUnreachable: isUnreachable ?? false,
        nowMs: NOW,
      }),
    );
    expect(verdict.action).toBe(want);
    if (reason) expect(verdict).toMatchObject({ reason });
    if (warning) expect(verdict.action === 'evict' ? verdict.warning : '').toMatch(warning);
    if (verdict.action === 'refuse')
      expect(verdict.message).toMatch(/set (allowUnmanagedPods|localStoragePods)/);
  });

  it('joins the warnings of every filter that lets a pod through', () => {
    const pod = makePod('bare-cache', { owner: null, emptyDir: true });
    const verdict = classifyPod(
      pod,
      drainFilters(
        { allowUnmanagedPods: true },
        { ownerExists: existing, isNodeUnreachable: false, nowMs: NOW },
      ),
    );
    expect(verdict).toEqual({
      action: 'evict',
      warning: expect.stringMatching(/no controller.*; local storage/),
    });
  });
});
