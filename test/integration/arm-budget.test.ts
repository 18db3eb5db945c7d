// Real: the management cluster's API server with the project's CRDs, the operator in-process and the
// @azure/arm-containerservice client over HTTPS. Simulated: Azure, with ARM's token-bucket throttling
// made small (15 reads burst, 5 per second) so a handful of clusters spends it. Proves the operator's own
// ARM budget keeps a converging fleet inside the subscription's limits: no 429, where the same fleet sent
// without a budget meets them.
import { ARM_LIMITS } from '../../src/azure/index.js';
import type { TestOperatorOptions } from '../support/operator.js';
import { WAIT_MS } from '../support/operator.js';
import { declareClusterWithPools } from '../support/cluster-with-pools.js';
import { useOperatorWorld } from '../support/operator-world.js';
import { waitFor } from '../support/wait.js';

const SMALL_READS = { capacity: 15, refillPerSecond: 5 };
const world = useOperatorWorld({
  throttle: { enabled: true, reads: SMALL_READS, writes: ARM_LIMITS.writes },
});
const CLUSTERS = 6;

/** CLUSTERS clusters with a system pool and one user pool each, declared at once. */
async function fleet(prefix: string, options: Omit<TestOperatorOptions, 'sim' | 'namespaces'>) {
  const { objects, rg } = await world.start(prefix, undefined, options);
  const names = Array.from({ length: CLUSTERS }, (_, i) => `c${i}`);
  await Promise.all(names.map((name) => declareClusterWithPools(objects, { rg, name, version: '1.33' })));
  return { objects, names };
}

describe("the operator's ARM budget", () => {
  it('converges a fleet that needs more reads than the bucket holds without a single 429', async () => {
    world.sim.counters.reset();
    const { objects, names } = await fleet('arm-budget', {
      armBudget: { reads: SMALL_READS, writes: ARM_LIMITS.writes },
    });
    for (const name of names) {
      await objects.clusterReady(name);
      await objects.poolReady(`${name}-sys`);
      await objects.poolReady(`${name}-user`);
    }
    const reads = Object.entries(world.sim.counters.snapshot().byOperation)
      .filter(([op]) => /\.(get|list\w*|getUpgradeProfile|poll)$/.test(op))
      .reduce((sum, [, n]) => sum + n, 0);
    expect(reads).toBeGreaterThan(SMALL_READS.capacity);
    expect(world.sim.counters.status(429)).toBe(0);
  });

  it('meets 429s with the same fleet when it sends without a budget', async () => {
    world.sim.counters.reset();
    await fleet('arm-no-budget', { armBudget: false });
    await waitFor(() => world.sim.counters.status(429), {
      timeoutMs: WAIT_MS,
      message: 'a 429 from the subscription bucket',
      until: (n) => n > 0,
    });
  });
});
