import type { ClusterShape, PoolShape } from '../data-plane.js';
import {
  SPOT_TAINT,
  nodeLabels,
  parseTaint,
  poolTaints,
  updatedLabels,
  updatedTaints,
} from './node-labels.js';

const CLUSTER: ClusterShape = {
  id: '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1',
  name: 'c1',
  location: 'eastus',
  kubernetesVersion: '1.33.2',
  nodeResourceGroup: '',
};

const POOL: PoolShape = {
  name: 'user1',
  mode: 'User',
  vmSize: 'Standard_D4s_v5',
  count: 3,
  orchestratorVersion: '1.33.2',
  nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202506.10.0',
  osType: 'Linux',
  maxPods: 110,
  nodeLabels: { team: 'a', 'kubernetes.azure.com/agentpool': 'spoofed' },
  nodeTaints: ['dedicated=web:NoSchedule'],
  availabilityZones: ['1', '2'],
  scaleSetPriority: 'Regular',
  upgradeSettings: {},
};

const NODE = { name: 'aks-user1-12345678-vmss000001', zone: '2', nodeImageVersion: POOL.nodeImageVersion };

describe('node labels', () => {
  it('carries the labels AKS sets, the pool labels, and AKS reserved labels win', () => {
    expect(nodeLabels(CLUSTER, POOL, NODE)).toMatchObject({
      agentpool: 'user1',
      'kubernetes.azure.com/agentpool': 'user1',
      'kubernetes.azure.com/mode': 'user',
      'kubernetes.azure.com/node-image-version': 'AKSUbuntu-2204gen2containerd-202506.10.0',
      'kubernetes.azure.com/os-sku': 'Ubuntu',
      'kubernetes.azure.com/cluster': 'MC_rg1_c1_eastus',
      'kubernetes.azure.com/role': 'agent',
      'node.kubernetes.io/instance-type': 'Standard_D4s_v5',
      'topology.kubernetes.io/region': 'eastus',
      'topology.kubernetes.io/zone': 'eastus-2',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/hostname': NODE.name,
      team: 'a',
    });
    expect(nodeLabels(CLUSTER, POOL, NODE)['kubernetes.azure.com/scalesetpriority']).toBeUndefined();
  });

  it('marks spot pools with the spot label and taint', () => {
    const spot = { ...POOL, scaleSetPriority: 'Spot' as const };
    expect(nodeLabels(CLUSTER, spot, NODE)['kubernetes.azure.com/scalesetpriority']).toBe('spot');
    expect(poolTaints(spot)).toEqual([{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }, SPOT_TAINT]);
  });

  it.each([
    [
      'CriticalAddonsOnly=true:NoSchedule',
      { key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' },
    ],
    ['sku=gpu:NoExecute', { key: 'sku', value: 'gpu', effect: 'NoExecute' }],
    ['example.com/flag:PreferNoSchedule', { key: 'example.com/flag', effect: 'PreferNoSchedule' }],
  ])('parses the taint %s', (text, taint) => {
    expect(parseTaint(text)).toEqual(taint);
  });

  it.each(['key=value', 'key=value:Sometimes'])('refuses the taint %s', (text) => {
    expect(() => parseTaint(text)).toThrow(/invalid node taint/);
  });

  it('replaces the previous pool labels on update and keeps labels others set', () => {
    const current = {
      ...nodeLabels(CLUSTER, POOL, NODE),
      'kubernetes.azure.com/upgrade-status': 'Quarantined',
    };
    const next = { ...POOL, nodeLabels: { tier: 'web' } };
    const labels = updatedLabels({ current, previous: POOL, cluster: CLUSTER, pool: next, node: NODE });
    expect(labels.team).toBeUndefined();
    expect(labels.tier).toBe('web');
    expect(labels['kubernetes.azure.com/upgrade-status']).toBe('Quarantined');
    expect(labels['kubernetes.azure.com/agentpool']).toBe('user1');
  });

  it('replaces the previous pool taints on update and keeps taints others set', () => {
    const cordon = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
    const next = { ...POOL, nodeTaints: ['sku=gpu:NoSchedule'] };
    const taints = updatedTaints({ current: [...poolTaints(POOL), cordon], previous: POOL, pool: next });
    expect(taints).toEqual([cordon, { key: 'sku', value: 'gpu', effect: 'NoSchedule' }]);
  });
});
