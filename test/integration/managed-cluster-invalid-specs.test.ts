// Real: the management cluster with the CRDs (admission accepts every spec below), the operator
// in-process. Simulated: Azure (the AKS simulator, counting every request). Proves that ManagedCluster
// specs admission cannot catch, but AKS or the operator's rules would refuse, each get a named condition
// without a single Azure call; and that a quota refusal names the quota and is not retried.
import { CoreV1Api } from '@kubernetes/client-node';
import type { Simulator } from '../../sim/index.js';
import type { ManagedClusterSpecInput } from '../../src/api/index.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import {
  ensureCrds,
  Objects,
  startTestSimulator,
  SUBSCRIPTION,
  TestOperator,
  writeOperations,
} from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

const OTHER_SUBSCRIPTION = '00000000-0000-0000-0000-00000000ffff';

let sim: Simulator;
let ns: TestNamespace | undefined;
let operator: TestOperator | undefined;
let objects: Objects | undefined;

beforeAll(async () => {
  await ensureCrds();
  sim = await startTestSimulator();
});

afterAll(async () => {
  await sim?.close();
});

afterEach(async () => {
  await operator?.stop();
  await objects?.releaseAll();
  await ns?.delete();
});

const sp = { tenantId: 'tenant', clientId: 'client', clientSecret: 'not-logged' };

interface Row {
  what: string;
  spec: (rg: string) => Partial<ManagedClusterSpecInput>;
  secrets?: Record<string, Record<string, string>>;
  /** Condition type and reason expected; Stalled unless said otherwise. */
  type?: string;
  reason: string;
}

const base = (rg: string): ManagedClusterSpecInput => ({
  subscriptionId: SUBSCRIPTION,
  resourceGroup: rg,
  location: 'eastus',
  kubernetesVersion: '1.33',
  systemPool: { vmSize: 'Standard_D4s_v3', count: 1 },
});

const ROWS: Row[] = [
  {
    what: 'an ephemeral System pool disk of 128 GiB on Standard_DS2_v2 (86 GiB cache)',
    spec: () => ({ systemPool: { vmSize: 'Standard_DS2_v2', osDiskType: 'Ephemeral', osDiskSizeGB: 128 } }),
    reason: 'VMCacheSizeTooSmall',
  },
  {
    what: 'an ephemeral System pool disk of the default 128 GiB on Standard_D2s_v3 (50 GiB cache)',
    spec: () => ({ systemPool: { vmSize: 'Standard_D2s_v3', osDiskType: 'Ephemeral' } }),
    reason: 'VMCacheSizeTooSmall',
  },
  {
    what: 'an ephemeral System pool disk on Standard_D4s_v5 (no cache)',
    spec: () => ({ systemPool: { vmSize: 'Standard_D4s_v5', osDiskType: 'Ephemeral', osDiskSizeGB: 30 } }),
    reason: 'VMCacheSizeTooSmall',
  },
  {
    what: 'a System pool on Standard_B1s (1 vCPU, 1 GiB)',
    spec: () => ({ systemPool: { vmSize: 'Standard_B1s', count: 1 } }),
    reason: 'SystemPoolVMSizeTooSmall',
  },
  {
    what: 'a credentialRef to a Secret that does not exist',
    spec: () => ({ credentialRef: { name: 'missing' } }),
    reason: 'CredentialsNotFound',
  },
  {
    what: 'a credentialRef to a Secret without clientId',
    spec: () => ({ credentialRef: { name: 'partial' } }),
    secrets: { partial: { tenantId: 'tenant', clientSecret: 'x' } },
    reason: 'CredentialsNotFound',
  },
  {
    what: "a subscriptionId other than the credential Secret's",
    spec: () => ({ credentialRef: { name: 'team' }, subscriptionId: OTHER_SUBSCRIPTION }),
    secrets: { team: { ...sp, subscriptionId: SUBSCRIPTION } },
    reason: 'SubscriptionNotAllowed',
  },
  {
    what: 'no subscription in the spec, the Secret or the operator',
    spec: (rg) => {
      const { subscriptionId: _none, ...rest } = base(rg);
      return { ...rest, subscriptionId: undefined };
    },
    reason: 'SubscriptionNotSet',
  },
  {
    what: 'adopting a cluster of another subscription than the credential allows',
    spec: (rg) => ({
      credentialRef: { name: 'team' },
      subscriptionId: undefined,
      adoption: {
        resourceID: `/subscriptions/${OTHER_SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/c1`,
      },
    }),
    secrets: { team: { ...sp, subscriptionId: SUBSCRIPTION } },
    reason: 'SubscriptionNotAllowed',
  },
  {
    what: 'an azureName that is not the name of the adopted cluster',
    spec: (rg) => ({
      azureName: 'other',
      adoption: {
        resourceID: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/c1`,
      },
    }),
    reason: 'AdoptionNameMismatch',
  },
  {
    what: 'the cilium dataplane on Azure CNI without overlay',
    spec: () => ({
      networkProfile: { networkPlugin: 'azure', networkDataplane: 'cilium', networkPolicy: 'cilium' },
    }),
    reason: 'NetworkPolicyNotSupported',
  },
  {
    what: 'a stop cron with minute 99',
    spec: () => ({ powerSchedule: { timeZone: 'UTC', stopCron: '99 19 * * *' } }),
    reason: 'InvalidPowerSchedule',
  },
  {
    what: 'a power schedule in an unknown time zone',
    spec: () => ({ powerSchedule: { timeZone: 'Mars/Olympus', stopCron: '0 19 * * *' } }),
    reason: 'InvalidPowerSchedule',
  },
  {
    what: 'a System pool from a NodePoolSnapshot that does not exist',
    spec: () => ({ systemPool: { vmSize: 'Standard_D4s_v3', count: 1, snapshotRef: { name: 'nope' } } }),
    reason: 'SnapshotNotReady',
  },
];

describe('ManagedCluster specs refused before any Azure call', () => {
  it.each(ROWS.map((r) => [r.what, r] as const))('%s', async (_what, row) => {
    ns = await createTestNamespace(managementKubeConfig(), 'mc-invalid');
    objects = new Objects(ns.name);
    const core = managementKubeConfig().makeApiClient(CoreV1Api);
    for (const [name, data] of Object.entries(row.secrets ?? {})) {
      await core.createNamespacedSecret({
        namespace: ns.name,
        body: { metadata: { name }, stringData: data },
      });
    }
    operator = await new TestOperator({ sim, namespaces: [ns.name] }).start();
    const rg = `rg-${ns.name}`;
    const callsBefore = sim.counters.snapshot().total;
    await objects.createCluster('c1', { ...base(rg), ...row.spec(rg) } as ManagedClusterSpecInput);
    const mc = await objects.waitForCondition('cluster', 'c1', {
      type: row.type ?? 'Stalled',
      status: 'True',
      reason: row.reason,
    });
    const cond = mc.status?.conditions?.find((c) => c.type === (row.type ?? 'Stalled'));
    expect(cond?.message).not.toBe('');
    expect(cond?.message).not.toContain('not-logged');
    expect(sim.counters.snapshot().total).toBe(callsBefore);
    expect(await objects.eventReasons('c1', 'Warning')).toContain(row.reason);
  });

  it('refuses over quota with a condition naming the quota, and does not try again', async () => {
    ns = await createTestNamespace(managementKubeConfig(), 'mc-quota');
    objects = new Objects(ns.name);
    const sub = '00000000-0000-0000-0000-00000000a0a0';
    sim.quota.configure({
      limits: [{ subscriptionId: sub, location: 'eastus', family: 'standardDSv3Family', limit: 8 }],
    });
    operator = await new TestOperator({ sim, namespaces: [ns.name], resyncPeriodMs: 500 }).start();
    const rg = `rg-${ns.name}`;
    await objects.createCluster('c1', {
      ...base(rg),
      subscriptionId: sub,
      systemPool: { vmSize: 'Standard_D4s_v3', count: 3 },
    });
    const mc = await objects.waitForCondition('cluster', 'c1', {
      type: 'Stalled',
      status: 'True',
      reason: 'QuotaExceeded',
    });
    const message = mc.status?.conditions?.find((c) => c.type === 'Stalled')?.message ?? '';
    expect(message).toMatch(/standardDSv3Family/);
    expect(mc.status?.lastOperation).toMatchObject({
      type: 'Create',
      result: 'Failed',
      error: { code: 'QuotaExceeded' },
    });
    // Several resyncs later: still one refused PUT.
    const reconciles = async (): Promise<number> => {
      const text = (await operator?.current.metrics.text()) ?? '';
      return [
        ...text.matchAll(/^controller_runtime_reconcile_total\{[^}]*managedcluster[^}]*\} (\d+)/gm),
      ].reduce((n, m) => n + Number(m[1]), 0);
    };
    const start = await reconciles();
    await waitFor(reconciles, {
      timeoutMs: 30_000,
      message: 'three more reconciles',
      until: (n) => n >= start + 3,
    });
    expect(writeOperations(sim, rg)).toEqual(['managedClusters.createOrUpdate']);
  });
});
