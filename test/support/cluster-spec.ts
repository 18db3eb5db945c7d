// The smallest ManagedCluster spec a settings test starts from: Kubernetes 1.33 in eastus with one
// Standard_D4s_v3 System node, in the test's resource group; each test adds the settings it proves.
import type { ManagedClusterSpecInput } from '../../src/api/index.js';
import { SUBSCRIPTION } from './operator.js';

export function baseClusterSpec(rg: string): ManagedClusterSpecInput {
  return {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: rg,
    location: 'eastus',
    kubernetesVersion: '1.33',
    systemPool: { vmSize: 'Standard_D4s_v3', count: 1 },
  };
}
