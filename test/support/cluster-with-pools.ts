// The smallest cluster with a user pool, declared as objects: cluster `name` in eastus with its System
// pool (the NodePool `<name>-sys`) and a User pool (`<name>-user`), one Standard_D4s_v3 node each.
import { SUBSCRIPTION, type Objects } from './operator.js';

export async function declareClusterWithPools(
  objects: Objects,
  o: { rg: string; name: string; version: string },
): Promise<void> {
  const { rg, name, version } = o;
  await objects.createCluster(name, {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: rg,
    location: 'eastus',
    kubernetesVersion: version,
    systemPool: { azureName: 'system', vmSize: 'Standard_D4s_v3', count: 1 },
  });
  await objects.createPool(`${name}-sys`, {
    clusterRef: { name },
    azureName: 'system',
    mode: 'System',
    vmSize: 'Standard_D4s_v3',
    count: 1,
  });
  await objects.createPool(`${name}-user`, {
    clusterRef: { name },
    azureName: 'user',
    vmSize: 'Standard_D4s_v3',
    count: 1,
  });
}
