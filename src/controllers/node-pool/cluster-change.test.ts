import type { ManagedCluster, ManagedClusterStatus } from '../../api/index.js';
import { CLUSTER_RUNNING, managedCluster } from '../testing/objects.js';
import { isClusterChangeForPools } from './cluster-change.js';

const running: ManagedClusterStatus = {
  azureResourceID:
    '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1',
  currentKubernetesVersion: '1.33.1',
  provisioningState: 'Succeeded',
  powerState: 'Running',
  observedGeneration: 1,
  conditions: [CLUSTER_RUNNING],
  lastOperation: { type: 'Create', startedAt: '2026-01-01T00:00:00Z', result: 'Succeeded', generation: 1 },
};

const cluster = (status: ManagedClusterStatus = running): ManagedCluster => managedCluster({ status });
const withStatus = (patch: Partial<ManagedClusterStatus>): ManagedCluster =>
  cluster({ ...running, ...patch });

describe('isClusterChangeForPools', () => {
  it.each<[string, Partial<ManagedClusterStatus>]>([
    ['its ARM ID is recorded', { azureResourceID: undefined }],
    ['its control plane version changes', { currentKubernetesVersion: '1.34.0' }],
    ['its provisioning state changes', { provisioningState: 'Updating' }],
    ['its power state changes', { powerState: 'Stopped' }],
    [
      'an operation starts',
      { lastOperation: { ...running.lastOperation!, type: 'Upgrade', result: 'InProgress' } },
    ],
    [
      'a condition changes status',
      { conditions: [{ ...CLUSTER_RUNNING, status: 'False', reason: 'ClusterStopped' }] },
    ],
    ['a condition changes message', { conditions: [{ ...CLUSTER_RUNNING, message: 'another message' }] }],
    ['the settings AKS runs change', { settings: { networkPlugin: 'kubenet' } }],
  ])('wakes the pools when %s', (_, patch) => {
    expect(isClusterChangeForPools(cluster(), withStatus(patch))).toBe(true);
    expect(isClusterChangeForPools(withStatus(patch), cluster())).toBe(true);
  });

  it('wakes the pools when the spec, labels, annotations or deletion change', () => {
    const old = cluster();
    const changes: ((mc: ManagedCluster) => void)[] = [
      (mc) => (mc.metadata.generation = 2),
      (mc) => (mc.metadata.labels = { team: 'b' }),
      (mc) => (mc.metadata.annotations = { note: 'x' }),
      (mc) => (mc.metadata.deletionTimestamp = new Date('2026-01-02T00:00:00Z')),
    ];
    for (const change of changes) {
      const cur = structuredClone(old);
      change(cur);
      expect(isClusterChangeForPools(old, cur)).toBe(true);
    }
  });

  it.each<[string, Partial<ManagedClusterStatus>]>([
    ['only its observed generation is stamped', { observedGeneration: 2 }],
    ['only the versions AKS offers change', { availableUpgrades: ['1.34.0'] }],
    ['only its drift changes', { drift: ['spec.sku.tier'] }],
    [
      'only a condition is stamped again',
      { conditions: [{ ...CLUSTER_RUNNING, lastTransitionTime: '2026-02-01T00:00:00Z' }] },
    ],
    [
      'only the running operation is polled again',
      { lastOperation: { ...running.lastOperation!, pollerState: 'next' } },
    ],
  ])('leaves the pools alone when %s', (_, patch) => {
    expect(isClusterChangeForPools(cluster(), withStatus(patch))).toBe(false);
  });
});
