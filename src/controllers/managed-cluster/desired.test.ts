import type * as Arm from '@azure/arm-containerservice';
import { managedCluster } from '../testing/objects.js';
import { clusterResourceId, desiredClusterForCreate, desiredClusterForUpdate } from './desired.js';

const OWNER = { 'aks-lifecycle-owner': 'ManagedCluster/ns/c1' };

describe('desired managed cluster', () => {
  it('creates the cluster with its System pool and no pool version (AKS uses the control plane)', () => {
    const mc = managedCluster({
      spec: { systemPool: { azureName: 'sys', vmSize: 'Standard_D4s_v3', count: 3, nodeLabels: { a: 'b' } } },
    });
    const body = desiredClusterForCreate(mc.spec, { ownerTags: OWNER });
    expect(body.agentPoolProfiles).toEqual([
      {
        name: 'sys',
        mode: 'System',
        type: 'VirtualMachineScaleSets',
        osType: 'Linux',
        vmSize: 'Standard_D4s_v3',
        count: 3,
        nodeLabels: { a: 'b' },
        tags: OWNER,
      },
    ]);
    expect(body).toMatchObject({ location: 'eastus', kubernetesVersion: '1.33', tags: OWNER });
    // Fields the spec leaves out are Azure's: AKS defaults them on create.
    expect(body.sku).toBeUndefined();
    expect(body.identity).toBeUndefined();
    expect(body.autoUpgradeProfile).toBeUndefined();
  });

  it('overlays only the declared fields on what Azure has', () => {
    const mc = managedCluster({ spec: { sku: { tier: 'Standard' } } });
    const observed: Arm.ManagedCluster = {
      location: 'eastus',
      kubernetesVersion: '1.33',
      sku: { name: 'Base', tier: 'Free' },
      identity: { type: 'UserAssigned', userAssignedIdentities: { '/x': {} } },
      autoUpgradeProfile: { upgradeChannel: 'stable', nodeOSUpgradeChannel: 'SecurityPatch' },
    };
    const body = desiredClusterForUpdate(mc.spec, observed, OWNER);
    expect(body.sku).toEqual({ name: 'Base', tier: 'Standard' });
    expect(body.identity).toEqual(observed.identity);
    expect(body.autoUpgradeProfile).toEqual(observed.autoUpgradeProfile);
  });

  it('sends every agent pool back unchanged on an update, even when the control plane moves', () => {
    const mc = managedCluster({ spec: { kubernetesVersion: '1.34' } });
    const pools: Arm.ManagedClusterAgentPoolProfile[] = [
      { name: 'system', mode: 'System', count: 3, orchestratorVersion: '1.33.4' },
      { name: 'user1', mode: 'User', count: 5, orchestratorVersion: '1.32.7' },
    ];
    const observed: Arm.ManagedCluster = {
      location: 'eastus',
      kubernetesVersion: '1.33',
      currentKubernetesVersion: '1.33.4',
      agentPoolProfiles: pools,
      tags: { set: 'outside' },
    };
    const body = desiredClusterForUpdate(mc.spec, observed, OWNER);
    expect(body.kubernetesVersion).toBe('1.34');
    expect(body.agentPoolProfiles).toEqual(pools);
    expect(body.tags).toEqual({ set: 'outside', ...OWNER });
  });

  it('never sends a version below what runs', () => {
    const mc = managedCluster({ spec: { kubernetesVersion: '1.33' } });
    const body = desiredClusterForUpdate(
      mc.spec,
      { location: 'eastus', kubernetesVersion: '1.34', currentKubernetesVersion: '1.34.2' },
      OWNER,
    );
    expect(body.kubernetesVersion).toBe('1.34');
  });

  it('derives a deterministic ID from the name, or uses the adopted one', () => {
    expect(clusterResourceId(managedCluster({ name: 'prod' }), 'sub')).toBe(
      '/subscriptions/sub/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/prod',
    );
    const adopted =
      '/subscriptions/sub/resourcegroups/rg1/providers/Microsoft.ContainerService/managedClusters/old';
    expect(clusterResourceId(managedCluster({ spec: { adoption: { resourceID: adopted } } }), 'sub')).toBe(
      adopted,
    );
  });
});
