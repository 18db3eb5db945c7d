import { isInvalidSpecError } from '../runtime/index.js';
import {
  agentPoolId,
  describeResource,
  managedClusterId,
  parentClusterId,
  parseResourceId,
  sameResourceId,
  snapshotId,
  tryParseResourceId,
} from './resource-id.js';

const SUB = '00000000-0000-0000-0000-000000000001';

describe('resource IDs', () => {
  it('builds the ARM IDs of the three families', () => {
    const cluster = managedClusterId(SUB, 'rg1', 'c1');
    expect(cluster).toBe(
      `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1`,
    );
    expect(agentPoolId(cluster, 'user1')).toBe(`${cluster}/agentPools/user1`);
    expect(snapshotId(SUB, 'rg1', 's1')).toBe(
      `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/snapshots/s1`,
    );
  });

  it.each([
    [
      managedClusterId(SUB, 'rg1', 'c1'),
      { kind: 'managedCluster', subscriptionId: SUB, resourceGroup: 'rg1', clusterName: 'c1' },
    ],
    [
      agentPoolId(managedClusterId(SUB, 'rg1', 'c1'), 'np1'),
      {
        kind: 'agentPool',
        subscriptionId: SUB,
        resourceGroup: 'rg1',
        clusterName: 'c1',
        agentPoolName: 'np1',
      },
    ],
    [
      snapshotId(SUB, 'rg1', 's1'),
      { kind: 'snapshot', subscriptionId: SUB, resourceGroup: 'rg1', snapshotName: 's1' },
    ],
    // Azure answers with its own casing of the fixed segments.
    [
      `/subscriptions/${SUB}/resourcegroups/RG1/providers/microsoft.containerservice/ManagedClusters/c1/agentpools/np1`,
      {
        kind: 'agentPool',
        subscriptionId: SUB,
        resourceGroup: 'RG1',
        clusterName: 'c1',
        agentPoolName: 'np1',
      },
    ],
  ])('parses %s', (id, expected) => {
    expect(parseResourceId(id)).toEqual(expected);
  });

  it.each([
    ['', 'empty'],
    [
      'subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c',
      'no leading slash',
    ],
    [
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm`,
      'another provider',
    ],
    [
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c/`,
      'trailing slash',
    ],
    [
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c/machines/m`,
      'unknown child',
    ],
    [
      `/subscriptions/${SUB}/resourceGroups//providers/Microsoft.ContainerService/managedClusters/c`,
      'empty resource group',
    ],
  ])('rejects %j (%s)', (id) => {
    expect(tryParseResourceId(id)).toBeUndefined();
    expect(() => parseResourceId(id)).toThrow(/cannot parse resource ID/);
  });

  it('refuses an ID of another family than expected, as an invalid spec', () => {
    const pool = agentPoolId(managedClusterId(SUB, 'rg1', 'c1'), 'np1');
    let thrown: unknown;
    try {
      parseResourceId(pool, 'snapshot');
    } catch (err: unknown) {
      thrown = err;
    }
    expect(isInvalidSpecError(thrown) && thrown.reason).toBe('InvalidResourceId');
  });

  it('compares IDs without regard to case and finds the parent cluster of a pool', () => {
    const cluster = managedClusterId(SUB, 'rg1', 'c1');
    expect(sameResourceId(cluster, cluster.toLowerCase())).toBe(true);
    expect(sameResourceId(cluster, managedClusterId(SUB, 'rg1', 'c2'))).toBe(false);
    expect(parentClusterId(agentPoolId(cluster, 'np1'))).toBe(cluster);
  });

  it('names resources for messages', () => {
    expect(describeResource(parseResourceId(agentPoolId(managedClusterId(SUB, 'rg', 'c1'), 'user1')))).toBe(
      'agent pool user1 of cluster c1',
    );
    expect(describeResource(parseResourceId(managedClusterId(SUB, 'rg', 'c1')))).toBe('managed cluster c1');
  });
});
