// Real: the management cluster's API server (CRDs, the shard Leases), three operator replicas with sharding
// on as child processes (plain node on src/main.ts compiled to JavaScript), each behind its own proxy to
// the API server whose Lease requests the test makes hang while the rest goes through, and a kwok
// Kubernetes API for one cluster. Simulated: Azure (the AKS simulator, which records which replica wrote
// each cluster, behind a recording proxy per incarnation) with a background of 429 and 5xx answers. At
// seeded moments a replica's Lease calls hang past the lease or answer slowly, or a replica is killed with
// SIGKILL and restarted, and shards move. Proves that every Azure write of a replica to a cluster came
// while it held that cluster's shard as the Leases recorded, no cluster was written by two replicas at
// once, and the batch still converges with nothing unowned, no duplicate create, deletes of recorded IDs
// only and no old pool gone before its twin serves.
import { writtenByTwoAtOnce } from '../../sim/index.js';
import { shardOf } from '../../src/runtime/index.js';
import { isWrite } from '../support/leadership-ledger.js';
import { useReplicaChaos } from '../support/replica-chaos.js';
import { shardHandovers, writesOutsideShardTerms } from '../support/shard-ledger.js';

/**
 * Lease timings short enough that shards move within seconds, long enough that a replica renewing a dozen
 * shard Leases on a loaded machine keeps them when nothing disturbs it; the fence's margin is their difference.
 */
const LEASE = { leaseDurationMs: 10_000, renewDeadlineMs: 8000, retryPeriodMs: 1000 } as const;
const REPLICAS = ['replica-a', 'replica-b', 'replica-c'] as const;
const SHARDS = 12;
const LEASE_SET = 'chaos-shards';

const chaos = useReplicaChaos({
  name: LEASE_SET,
  replicas: REPLICAS,
  env: { SHARDING: 'true', SHARDS: String(SHARDS) },
  lease: LEASE,
  disruptions: [3, 4],
});

describe('chaos: three sharded operator replicas, whose Lease calls hang and who are killed, during a batch of lifecycle operations', () => {
  it("lets no replica write to a cluster outside its hold of the cluster's shard nor two replicas write one cluster at once, and converges leaving nothing unowned, nothing created twice, deleting only recorded IDs, no pool before its twin serves", async () => {
    const run = await chaos.run();
    const { incarnations, leaseWrites } = run;

    // Shard terms, from the Lease writes the API server accepted and each incarnation's Azure requests.
    const shardPrefix = `${LEASE_SET}-shard-`;
    const handovers = shardHandovers(leaseWrites, shardPrefix);
    // A cluster's ARM ID (as its object recorded it) -> the shard Leases of the UIDs that bore it.
    const shardLeases = new Map<string, Set<string>>();
    for (const o of run.recorded.all()) {
      if (!o.owner.startsWith('ManagedCluster/') || !o.recordedId) continue;
      const set = shardLeases.get(o.recordedId) ?? new Set<string>();
      set.add(`${shardPrefix}${shardOf(o.uid, SHARDS)}`);
      shardLeases.set(o.recordedId, set);
    }
    const shardLeasesOf = (path: string): string[] | undefined => {
      for (const [id, leases] of shardLeases)
        if (path === id || path.startsWith(`${id}/`)) return [...leases];
      return undefined;
    };
    const outside = writesOutsideShardTerms(
      incarnations.map((i) => ({ podName: i.podName, requests: i.arm.requests })),
      leaseWrites,
      shardLeasesOf,
    );
    const checkedWrites = incarnations.reduce(
      (n, i) => n + i.arm.requests.filter((r) => isWrite(r) && shardLeasesOf(r.path)).length,
      0,
    );
    const writerRuns = run.sim.writers.snapshot();
    const cameBack = writtenByTwoAtOnce(writerRuns);

    // Each incarnation and each shard handover may repeat one write per object and observe every object again.
    const figures = await chaos.figures(run, { starts: incarnations.length + handovers });
    chaos.logFigures(run, figures, {
      lines: [
        `shards: ${handovers} handovers; leader leases lost and exited ${run.lossReasons.length}; Lease requests hung ${run.hungRequests}; writer runs that came back to a replica on ${cameBack.length} clusters`,
        `writers per cluster: ${Object.entries(writerRuns)
          .map(
            ([id, runs]) =>
              `${id.split('/').at(-1)}=${runs.map((r) => `${r.replica.split('_')[0]}×${r.writes}`).join(',')}`,
          )
          .join(' ')}`,
      ],
      checked: `cluster writes checked against shard terms ${checkedWrites}, outside one ${outside.length}`,
      outside,
    });

    chaos.expectRan(run);
    // Shards really moved (a killed replica's go to the others).
    expect(handovers).toBeGreaterThanOrEqual(1);
    // The fence: every write to a cluster came from the holder of its shard while it held it, answered before
    // that hold could expire, so no two replicas' writes to one cluster overlap. (Writer runs that come back
    // to a replica are logged only: a replica whose Lease calls hung loses its shards and may claim them again.)
    expect(checkedWrites).toBeGreaterThan(0);
    expect(outside).toEqual([]);
    chaos.expectSound(run, figures);
    chaos.removeLogs();
  }, 240_000);
});
