// Real: the management cluster with the CRDs, the operator in-process (UpgradePlan, ManagedCluster and
// NodePool controllers, its clock shifted to end a soak), the ARM SDK over HTTPS, Flux's kstatus library
// as a Go CLI and Argo CD's health script in a Lua VM. Simulated: Azure (the AKS simulator, no data plane).
// Proves a standing specChanges UpgradePlan takes one tag change, made to three clusters' specs and their
// user pools' at once, to dev first, to staging after dev's soak, and to prod only once approved, while
// each held cluster and pool keeps Azure as it was and reads Current to kstatus and Healthy to Argo CD;
// once the plan is deleted, a change goes straight through.
import type * as Arm from '@azure/arm-containerservice';
import { argoHealth } from '../../scripts/argocd-health.js';
import { TOOL_BUILD_TIMEOUT_MS, ensureTool } from '../../scripts/go-tools.js';
import { kstatus } from '../../scripts/kstatus.js';
import type { Simulator } from '../../sim/index.js';
import { sdkClient } from '../../sim/testing/sdk-client.js';
import { CustomObjectsApi } from '@kubernetes/client-node';
import {
  Annotation,
  GROUP,
  Kind,
  Plural,
  VERSION,
  type ManagedCluster,
  type NodePool,
} from '../../src/api/index.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import {
  ensureCrds,
  Objects,
  startTestSimulator,
  SUBSCRIPTION,
  TestOperator,
  WAIT_MS,
} from '../support/operator.js';
import { ShiftedClock } from '../support/shifted-clock.js';
import {
  createFleet,
  createPlan,
  nudgePlan,
  patchPlan,
  PLAN,
  SKIP_WORKLOAD_CHECKS,
  stageOf,
  waitForPlan,
} from '../support/upgrade-plans.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

let sim: Simulator;
let azure: Arm.ContainerServiceClient;
let ns: TestNamespace | undefined;
let operator: TestOperator | undefined;
let objects: Objects;
const clock = new ShiftedClock();

beforeAll(async () => {
  await Promise.all([ensureCrds(), ensureTool('kstatus')]);
  sim = await startTestSimulator();
  azure = sdkClient(sim, { subscriptionId: SUBSCRIPTION }).client;
}, TOOL_BUILD_TIMEOUT_MS);

afterAll(async () => {
  await operator?.stop();
  await objects?.releaseAll();
  await ns?.delete();
  await sim?.close();
});

// Three clusters with two pools each, created and then changed stage by stage: longer than one wait.
const TEST_TIMEOUT_MS = 8 * WAIT_MS;
const CLUSTERS = ['dev-1', 'stg-1', 'prod-1'];
const TAGS = { team: 'payments' };

async function azureTags(rg: string, name: string): Promise<Record<string, string>> {
  return (await azure.managedClusters.get(rg, name)).tags ?? {};
}

/** The tags of the agent pool `user` of cluster `name`. */
async function azurePoolTags(rg: string, name: string): Promise<Record<string, string>> {
  return (await azure.agentPools.get(rg, name, 'user')).tags ?? {};
}

function waitForAzureTag(
  rg: string,
  name: string,
  read: (rg: string, name: string) => Promise<Record<string, string>> = azureTags,
): Promise<Record<string, string>> {
  return waitFor(() => read(rg, name), {
    timeoutMs: 2 * WAIT_MS,
    intervalMs: 200,
    message: `Azure to carry the team tag on ${name}`,
    until: (tags) => tags.team === TAGS.team,
  });
}

type Held = ManagedCluster | NodePool;

/** Waits until the object's controller holds its new generation, and returns how GitOps tools read it. */
async function heldReading(kind: 'cluster' | 'pool', name: string) {
  const read = (): Promise<Held> => (kind === 'cluster' ? objects.cluster(name) : objects.pool(name));
  const obj = await waitFor(read, {
    timeoutMs: WAIT_MS,
    message: `${kind} ${name} to hold its change`,
    until: (o) =>
      o.status?.observedGeneration === o.metadata.generation &&
      o.status?.conditions?.find((x) => x.type === 'Ready')?.reason === 'ChangeHeld',
  });
  const [verdict] = await kstatus([obj]);
  const argo = await argoHealth(kind === 'cluster' ? Kind.ManagedCluster : Kind.NodePool, obj);
  const condition = (type: string) => obj.status?.conditions?.find((c) => c.type === type);
  return {
    obj,
    kstatus: verdict?.status,
    argo: argo.status,
    argoMessage: argo.message,
    ready: condition('Ready'),
    reconciling: condition('Reconciling')?.status,
    stalled: condition('Stalled')?.status,
  };
}

async function deletePlan(namespace: string): Promise<void> {
  await managementKubeConfig().makeApiClient(CustomObjectsApi).deleteNamespacedCustomObject({
    group: GROUP,
    version: VERSION,
    plural: Plural.UpgradePlan,
    namespace,
    name: PLAN,
  });
}

const isMarked = (obj: { metadata: { annotations?: Record<string, string> } }): boolean =>
  obj.metadata.annotations?.[Annotation.ChangesHeldBy] === PLAN;

describe('UpgradePlan with target.specChanges', () => {
  it(
    'rolls one spec change out to dev, then staging after the soak, then prod once approved',
    async () => {
      ns = await createTestNamespace(managementKubeConfig(), 'aup-changes');
      objects = new Objects(ns.name);
      const rg = `rg-${ns.name}`;
      operator = await new TestOperator({ sim, namespaces: [ns.name], clock }).start();
      await createFleet(objects, rg, [
        { name: 'dev-1', env: 'dev', version: '1.32' },
        { name: 'stg-1', env: 'staging', version: '1.32' },
        { name: 'prod-1', env: 'prod', version: '1.32' },
      ]);
      await createPlan(ns.name, {
        target: { specChanges: true },
        clusterSelector: {},
        stages: [
          { name: 'dev', clusterSelector: { matchLabels: { env: 'dev' } }, soakMinutes: 60 },
          { name: 'staging', clusterSelector: { matchLabels: { env: 'staging' } } },
          { name: 'prod', clusterSelector: { matchLabels: { env: 'prod' } }, requireApproval: true },
        ],
        preflight: SKIP_WORKLOAD_CHECKS,
      });
      // The plan marks every cluster and pool it selects before anything is held.
      for (const name of CLUSTERS) {
        await waitFor(() => objects.cluster(name), {
          timeoutMs: WAIT_MS,
          message: `${name} to be marked`,
          until: isMarked,
        });
        for (const pool of [`${name}-sys`, `${name}-user`])
          await waitFor(() => objects.pool(pool), {
            timeoutMs: WAIT_MS,
            message: `${pool} marked`,
            until: isMarked,
          });
      }
      await waitForPlan(
        ns.name,
        'the plan to wait for changes',
        (p) =>
          p.status?.conditions?.some((c) => c.type === 'Ready' && c.reason === 'WaitingForChanges') === true,
      );

      // One commit in Git: the same tag on all three clusters and on their user pools.
      for (const name of CLUSTERS) {
        await objects.patch('cluster', name, { spec: { tags: TAGS } });
        await objects.patch('pool', `${name}-user`, { spec: { tags: TAGS } });
      }

      await waitForAzureTag(rg, 'dev-1');
      await waitForAzureTag(rg, 'dev-1', azurePoolTags);
      const held = {
        kstatus: 'Current',
        argo: 'Healthy',
        ready: { status: 'True' },
        reconciling: 'False',
        stalled: 'False',
      };
      const staging = await heldReading('cluster', 'stg-1');
      expect(staging).toMatchObject(held);
      expect(staging.ready?.message).toContain(`UpgradePlan ${PLAN}`);
      expect(staging.ready?.message).toContain('stage staging');
      expect(staging.argoMessage).toContain('ChangeHeld');
      expect(await heldReading('pool', 'stg-1-user')).toMatchObject(held);
      expect(await azureTags(rg, 'stg-1')).not.toHaveProperty('team');
      expect(await azureTags(rg, 'prod-1')).not.toHaveProperty('team');
      expect(await azurePoolTags(rg, 'stg-1')).not.toHaveProperty('team');

      // Dev soaks an hour of the operator's clock; staging gets the change only after it.
      await waitForPlan(ns.name, 'dev to soak', (p) => stageOf(p, 'dev')?.phase === 'Soaking');
      expect(await azureTags(rg, 'stg-1')).not.toHaveProperty('team');
      clock.offsetMs += 61 * 60_000;
      await nudgePlan(ns.name);
      await waitForAzureTag(rg, 'stg-1');
      await waitForAzureTag(rg, 'stg-1', azurePoolTags);

      // Prod waits for its approval: held, unchanged in Azure, Current and Healthy meanwhile.
      const plan = await waitForPlan(
        ns.name,
        'prod to wait for approval',
        (p) => p.status?.phase === 'WaitingForApproval',
      );
      expect(plan.status?.run?.number).toBe(1);
      const prod = await heldReading('cluster', 'prod-1');
      expect(prod).toMatchObject(held);
      expect(prod.ready?.message).toContain('stage prod');
      const prodPool = await heldReading('pool', 'prod-1-user');
      expect(prodPool).toMatchObject(held);
      expect(prodPool.argoMessage).toContain('stage prod');
      expect(await azureTags(rg, 'prod-1')).not.toHaveProperty('team');
      expect(await azurePoolTags(rg, 'prod-1')).not.toHaveProperty('team');
      expect(prod.obj.status?.appliedGeneration).toBeLessThan(prod.obj.metadata.generation ?? 0);

      await patchPlan(ns.name, { spec: { approvals: ['prod'] } });
      await waitForAzureTag(rg, 'prod-1');
      await waitForAzureTag(rg, 'prod-1', azurePoolTags);
      const done = await waitForPlan(
        ns.name,
        'the run to end',
        (p) => p.status?.run?.finishedAt !== undefined,
      );
      expect(done.status?.phase).toBe('Succeeded');
      const applied: ManagedCluster = await objects.clusterReady('prod-1');
      expect(applied.status?.appliedGeneration).toBe(applied.metadata.generation);

      // A deleted plan holds nothing: its marks stay, and the next change goes straight to Azure.
      await deletePlan(ns.name);
      await objects.patch('cluster', 'stg-1', { spec: { tags: { team: 'cards' } } });
      await waitFor(() => azureTags(rg, 'stg-1'), {
        timeoutMs: 2 * WAIT_MS,
        message: 'the change to reach stg-1 once the plan is gone',
        until: (tags) => tags.team === 'cards',
      });
    },
    TEST_TIMEOUT_MS,
  );
});
