// Real: the management cluster's API server (CRDs, the shard Leases), three operator replicas with
// sharding on as child processes (src/main.ts compiled to JavaScript). Simulated: Azure, which records
// which replica (its User-Agent's replica/<identity>) wrote to each cluster. Proves the replicas split the
// shards evenly, each cluster is written only by the holder of its shard, and when one replica is killed
// with SIGKILL its clusters converge on the others while no cluster is ever written by two replicas at once.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoordinationV1Api, type KubeConfig } from '@kubernetes/client-node';
import { repoRoot } from '../../controlplane/index.js';
import { writtenByTwoAtOnce, type Simulator } from '../../sim/index.js';
import { shardOf } from '../../src/runtime/index.js';
import { compileOperator, OperatorProcess } from '../support/chaos-operator.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import { ensureCrds, Objects, startTestSimulator, SUBSCRIPTION, WAIT_MS } from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

const SHARDS = 12;
const CLUSTERS = Array.from({ length: 12 }, (_, i) => `c${i}`);
const REPLICAS = ['replica-a', 'replica-b', 'replica-c'];
const LEASE_SET = 'sharding';
/** Lease timings short enough that a killed replica's shards move within seconds, long enough for a loaded machine. */
const LEASE = { leaseDurationSeconds: 10, renewDeadlineSeconds: 8, retryPeriodSeconds: 1 };

let sim: Simulator | undefined;
let ns: TestNamespace | undefined;
let objects: Objects | undefined;
let kc: KubeConfig | undefined;
let workDir = '';
const replicas = new Map<string, OperatorProcess>();

beforeAll(async () => {
  await ensureCrds();
  workDir = join(repoRoot(), '.cache', 'operator-sharding', String(process.pid));
  mkdirSync(workDir, { recursive: true });
  sim = await startTestSimulator({ caOutDir: workDir });
  kc = managementKubeConfig();
  ns = await createTestNamespace(kc, 'sharding');
  objects = new Objects(ns.name);
  const kubeconfigPath = join(workDir, 'kubeconfig');
  writeFileSync(kubeconfigPath, kc.exportConfig());
  const mainPath = await compileOperator(join(workDir, 'build'));
  for (const name of REPLICAS) {
    const replica = new OperatorProcess({
      mainPath,
      kubeconfigPath,
      azureEndpoint: sim.endpoint,
      azureCaFile: sim.caPath ?? '',
      namespaces: [ns.name],
      logDir: join(workDir, name),
      pollIntervalSeconds: 0.2,
      extraEnv: {
        POD_NAME: name,
        POD_NAMESPACE: ns.name,
        LEADER_ELECT: 'true',
        LEADER_ELECTION_ID: LEASE_SET,
        LEADER_ELECT_LEASE_DURATION_SECONDS: String(LEASE.leaseDurationSeconds),
        LEADER_ELECT_RENEW_DEADLINE_SECONDS: String(LEASE.renewDeadlineSeconds),
        LEADER_ELECT_RETRY_PERIOD_SECONDS: String(LEASE.retryPeriodSeconds),
        SHARDING: 'true',
        SHARDS: String(SHARDS),
        OPERATOR_IDENTITY_NAMESPACES: ns.name,
      },
    });
    replicas.set(name, replica);
    await replica.start();
  }
}, 240_000);

afterAll(async () => {
  for (const r of replicas.values()) await r.close();
  await objects?.releaseAll();
  await ns?.delete();
  await sim?.close();
  if (workDir && !process.env.CHAOS_KEEP_LOGS) rmSync(workDir, { recursive: true, force: true });
});

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} was not set up`);
  return value;
}

/** The holder identity of each shard Lease (undefined when free or missing). */
async function shardHolders(): Promise<(string | undefined)[]> {
  const leases = required(kc, 'kubeconfig').makeApiClient(CoordinationV1Api);
  const list = await leases.listNamespacedLease({ namespace: required(ns, 'namespace').name });
  const byName = new Map(
    list.items.map((l) => [l.metadata?.name ?? '', l.spec?.holderIdentity || undefined]),
  );
  return Array.from({ length: SHARDS }, (_, s) => byName.get(`${LEASE_SET}-shard-${s}`));
}

/** True when every shard is held and `live` replicas (by POD_NAME) each hold their share. */
function balanced(holders: (string | undefined)[], live: string[]): boolean {
  const counts = new Map(live.map((r) => [r, 0]));
  for (const h of holders) {
    const pod = h?.split('_')[0];
    if (!pod || !counts.has(pod)) return false;
    counts.set(pod, (counts.get(pod) ?? 0) + 1);
  }
  return [...counts.values()].every((n) => n === SHARDS / live.length);
}

const clusterPath = (rg: string, name: string): string =>
  `/subscriptions/${SUBSCRIPTION}/resourcegroups/${rg}/providers/microsoft.containerservice/managedclusters/${name}`.toLowerCase();

describe('sharding the fleet across three operator replicas', () => {
  it("writes each cluster only from the holder of its shard, and moves a killed replica's clusters to the others with no cluster written by two replicas at once", async () => {
    const s = required(sim, 'simulator');
    const objs = required(objects, 'objects');
    const rg = `rg-${required(ns, 'namespace').name}`;
    await waitFor(shardHolders, {
      timeoutMs: WAIT_MS,
      message: 'the three replicas to hold four shards each',
      until: (h) => balanced(h, REPLICAS),
    });
    for (const name of CLUSTERS)
      await objs.createCluster(name, {
        subscriptionId: SUBSCRIPTION,
        resourceGroup: rg,
        location: 'eastus',
        kubernetesVersion: '1.33',
        systemPool: { vmSize: 'Standard_D4s_v3', count: 1 },
        tags: { round: '1' },
      });
    for (const name of CLUSTERS) await objs.clusterReady(name, 2 * WAIT_MS);

    const holders = await shardHolders();
    const holderOf = new Map<string, string>();
    for (const name of CLUSTERS) {
      const uid = (await objs.cluster(name)).metadata.uid ?? '';
      holderOf.set(name, holders[shardOf(uid, SHARDS)] ?? '');
    }
    const firstRuns = s.writers.snapshot();
    for (const name of CLUSTERS)
      expect(firstRuns[clusterPath(rg, name)]?.map((r) => r.replica)).toEqual([holderOf.get(name)]);
    expect(new Set(holderOf.values()).size).toBeGreaterThan(1);

    // The replica holding the most clusters dies mid-change: every cluster is changed at once.
    const victimIdentity = [...holderOf.values()].sort(
      (a, b) =>
        [...holderOf.values()].filter((h) => h === b).length -
        [...holderOf.values()].filter((h) => h === a).length,
    )[0]!;
    const victim = victimIdentity.split('_')[0]!;
    await required(replicas.get(victim), victim).kill();
    for (const name of CLUSTERS) await objs.patch('cluster', name, { spec: { tags: { round: '2' } } });
    for (const name of CLUSTERS) await objs.clusterReady(name, 2 * WAIT_MS);

    const survivors = REPLICAS.filter((r) => r !== victim);
    const after = await waitFor(shardHolders, {
      timeoutMs: WAIT_MS,
      message: 'the two survivors to hold six shards each',
      until: (h) => balanced(h, survivors),
    });
    const runs = s.writers.snapshot();
    expect(writtenByTwoAtOnce(runs)).toEqual([]);
    for (const name of CLUSTERS) {
      const uid = (await objs.cluster(name)).metadata.uid ?? '';
      const writers = runs[clusterPath(rg, name)]?.map((r) => r.replica) ?? [];
      expect(writers.at(-1)).toBe(after[shardOf(uid, SHARDS)]);
      expect(writers.at(-1)?.startsWith(victim)).toBe(false);
      if (holderOf.get(name) !== victimIdentity) expect(writers).toEqual([holderOf.get(name)]);
    }
  });
});
