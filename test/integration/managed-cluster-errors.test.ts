// Real: the management cluster with the CRDs, the operator in-process, the ARM SDK over HTTPS (its own
// retries off, so every 429 reaches the operator). Simulated: Azure (the AKS simulator with injected
// faults). Proves Azure failures reach the user with the AKS code and message: an operation that fails
// inside Azure is retried and recovers, a spec AKS refuses stalls without retries, and throttling is
// waited out as long as Retry-After says.

import type { ManagedClusterSpecInput } from '../../src/api/index.js';
import { requestsFor, SUBSCRIPTION, WAIT_MS, writeOperations } from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import { useOperatorWorld } from '../support/operator-world.js';

const world = useOperatorWorld();
const start = world.start;

const spec = (rg: string): ManagedClusterSpecInput => ({
  subscriptionId: SUBSCRIPTION,
  resourceGroup: rg,
  location: 'eastus',
  kubernetesVersion: '1.33',
  systemPool: { vmSize: 'Standard_D4s_v3', count: 1 },
});

describe('Azure errors as the user sees them', () => {
  it('shows the AKS code and message of an operation that failed in Azure, and recovers by retrying', async () => {
    const { objects, rg } = await start('mc-opfail');
    const message = 'Control plane provisioning hit an internal error; please retry.';
    world.sim.setFaults({
      failOperations: [
        {
          match: '^managedClusters\\.createOrUpdate$',
          code: 'ControlPlaneProvisioningInternalError',
          message,
          times: 1,
        },
      ],
    });
    await objects.createCluster('c1', spec(rg));
    const mc = await objects.clusterReady('c1');
    const failure = (await objects.events('c1')).find((e) => e.type === 'Warning');
    expect(failure?.reason).toBe('ControlPlaneProvisioningInternalError');
    expect(failure?.message).toContain(message);
    expect(mc.status?.lastOperation?.result).toBe('Succeeded');
    // The failed create, then the same body again: AKS resumes a failed cluster on the next PUT.
    expect(writeOperations(world.sim, rg)).toEqual([
      'managedClusters.createOrUpdate',
      'managedClusters.createOrUpdate',
    ]);
  });

  it('stalls on a spec Azure refuses inside the operation, with its code, and does not retry', async () => {
    const { objects, rg } = await start('mc-refused', 500);
    const message = 'The value of parameter agentPoolProfile.count is invalid for this subscription.';
    world.sim.setFaults({
      failOperations: [{ match: '^managedClusters\\.createOrUpdate$', code: 'InvalidParameter', message }],
    });
    await objects.createCluster('c1', spec(rg));
    const mc = await objects.waitForCondition('cluster', 'c1', {
      type: 'Stalled',
      reason: 'InvalidParameter',
    });
    const stalled = mc.status?.conditions?.find((c) => c.type === 'Stalled');
    expect(stalled?.message).toContain(message);
    expect(stalled?.message).toContain('InvalidParameter');
    expect(mc.status?.lastOperation).toMatchObject({ result: 'Failed', error: { code: 'InvalidParameter' } });
    const gets = (): number =>
      requestsFor(world.sim, rg).filter((e) => e.operation === 'managedClusters.get').length;
    const seen = gets();
    await waitFor(gets, { timeoutMs: WAIT_MS, message: 'three resyncs', until: (n) => n >= seen + 3 });
    expect(writeOperations(world.sim, rg)).toEqual(['managedClusters.createOrUpdate']);
    expect((await objects.cluster('c1')).status?.conditions?.find((c) => c.type === 'Stalled')?.status).toBe(
      'True',
    );
  });

  it('waits out throttling as long as Retry-After says, then carries on', async () => {
    const { objects, rg } = await start('mc-throttle');
    await objects.createCluster('c1', spec(rg));
    await objects.clusterReady('c1');
    world.sim.setFaults({ throttleRate: 1, match: '^managedClusters\\.get$' });
    await objects.patch('cluster', 'c1', { spec: { tags: { throttled: 'yes' } } });
    await objects.waitForCondition('cluster', 'c1', { type: 'Reconciling', reason: 'AzureThrottled' });
    const gets = (): number =>
      requestsFor(world.sim, rg).filter((e) => e.operation === 'managedClusters.get' && e.status === 429)
        .length;
    const first = gets();
    const since = Date.now();
    await waitFor(gets, {
      timeoutMs: WAIT_MS,
      message: 'two more throttled reads',
      until: (n) => n >= first + 2,
    });
    // Retry-After is 1 s: two more attempts take at least two seconds (less a scheduling margin).
    expect(Date.now() - since).toBeGreaterThanOrEqual(1800);
    world.sim.faults.reset();
    const mc = await objects.clusterReady('c1');
    expect(mc.metadata.generation).toBe(2);
    expect(writeOperations(world.sim, rg)).toEqual([
      'managedClusters.createOrUpdate',
      'managedClusters.updateTags',
    ]);
  });
});
