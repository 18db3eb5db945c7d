// Changes made in Azure behind the operator's back, as a user holding the SDK would make them: read the
// resource, merge the change over it, put it back.
import type * as Arm from '@azure/arm-containerservice';
import { FAST_POLL } from '../../sim/testing/sdk-client.js';

/** Merges `change` over managed cluster `name` in Azure and waits for the PUT to finish. */
export async function changeClusterInAzure(
  azure: Arm.ContainerServiceClient,
  { rg, name }: { rg: string; name: string },
  change: Partial<Arm.ManagedCluster>,
): Promise<void> {
  const current = await azure.managedClusters.get(rg, name);
  await azure.managedClusters.createOrUpdate(rg, name, { ...current, ...change }, FAST_POLL);
}
