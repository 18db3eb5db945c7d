// Real: the management cluster's API server with the project's CRDs, Argo CD's health scripts
// (health/argocd/*.lua) in a Lua VM, and Flux's kstatus library (fluxcd/cli-utils) as a Go CLI.
// Each kind's object is created, its status written through the status subresource to each state the
// operator reports (or its spec changed, or its deletion begun), and read back from the server; the test
// proves both tools read every state as documented in docs/gitops.md. Then the operator itself (in-process,
// against the AKS simulator, its clock shifted to a scheduled stop) stops a pool by spec and a cluster by
// its power schedule, and both tools read what it wrote: Current and Healthy, as for any object at its
// desired state.
import { CustomObjectsApi } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { API_VERSION, GROUP, Kind, Plural, VERSION } from '../../src/api/index.js';
import { argoHealth, ArgoHealthStatus } from '../../scripts/argocd-health.js';
import { TOOL_BUILD_TIMEOUT_MS, ensureTool } from '../../scripts/go-tools.js';
import { kstatus, KstatusStatus } from '../../scripts/kstatus.js';
import type { Simulator } from '../../sim/index.js';
import { applyCrds } from '../support/crds.js';
import { createTestNamespace } from '../support/namespace.js';
import type { TestNamespace } from '../support/namespace.js';
import { Objects, startTestSimulator, SUBSCRIPTION, TestOperator } from '../support/operator.js';
import { ShiftedClock } from '../support/shifted-clock.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    generation?: number;
    finalizers?: string[];
    deletionTimestamp?: string;
    resourceVersion?: string;
  };
  spec: Record<string, unknown>;
  status?: Record<string, unknown>;
}

type CondStatus = 'True' | 'False' | 'Unknown';
interface CondSpec {
  type: string;
  status: CondStatus;
  reason: string;
  message?: string;
}

const SPECS: Record<
  Kind,
  { spec: Record<string, unknown>; change: (spec: Record<string, unknown>) => Record<string, unknown> }
> = {
  ManagedCluster: {
    spec: {
      resourceGroup: 'rg-fleet',
      location: 'westeurope',
      kubernetesVersion: '1.30',
      systemPool: { vmSize: 'Standard_D4s_v5' },
    },
    change: (spec) => ({ ...spec, tags: { team: 'payments' } }),
  },
  NodePool: {
    spec: { clusterRef: { name: 'c1' }, vmSize: 'Standard_D4s_v5', count: 3 },
    change: (spec) => ({ ...spec, count: 4 }),
  },
  NodePoolSnapshot: {
    spec: { nodePoolRef: { name: 'p1' } },
    change: (spec) => ({ ...spec, tags: { team: 'payments' } }),
  },
  UpgradePlan: {
    spec: { target: { kubernetesVersion: '1.31' }, clusterSelector: {} },
    change: (spec) => ({ ...spec, clusterSelector: { matchLabels: { ring: '1' } } }),
  },
};

const TEST_FINALIZER = `${GROUP}/gitops-health-test`;

/** Ready / Reconciling / Stalled as the operator sets them (messages only on the True ones). */
const trio = (
  ready: CondStatus,
  reconciling: CondStatus,
  stalled: CondStatus,
  reason: string,
  message = '',
): CondSpec[] => [
  { type: 'Ready', status: ready, reason, message: ready === 'Unknown' ? '' : message },
  { type: 'Reconciling', status: reconciling, reason, message: reconciling === 'True' ? message : '' },
  { type: 'Stalled', status: stalled, reason, message: stalled === 'True' ? message : '' },
];

interface Step {
  /** Conditions and extra status fields written through the status subresource, for the current generation. */
  status?: { conditions: CondSpec[]; fields?: Record<string, unknown> };
  /** Then change the spec (a new generation the status has not seen). */
  changeSpec?: boolean;
  /** Start with this spec change (before the status write). */
  specPatch?: Record<string, unknown>;
  /** Then begin deleting (a test finalizer holds the object). */
  delete?: boolean;
}

interface Case {
  state: string;
  step: Step;
  argo?: ArgoHealthStatus;
  kstatus: KstatusStatus;
}

const COMMON_CASES: Case[] = [
  // kstatus cannot tell an object nobody has looked at yet from one without status conventions.
  {
    state: 'created, never reconciled',
    step: {},
    argo: ArgoHealthStatus.Progressing,
    kstatus: KstatusStatus.Current,
  },
  {
    state: 'first visit, every condition Unknown',
    step: { status: { conditions: trio('Unknown', 'Unknown', 'Unknown', 'Pending') } },
    argo: ArgoHealthStatus.Progressing,
    kstatus: KstatusStatus.InProgress,
  },
  {
    state: 'first visit, Reconciling True',
    step: {
      status: { conditions: trio('Unknown', 'True', 'False', 'Pending', 'waiting for the first reconcile') },
    },
    argo: ArgoHealthStatus.Progressing,
    kstatus: KstatusStatus.InProgress,
  },
  {
    state: 'reconciling',
    step: {
      status: {
        conditions: trio('False', 'True', 'False', 'OperationInProgress', 'an Azure operation is running'),
      },
    },
    argo: ArgoHealthStatus.Progressing,
    kstatus: KstatusStatus.InProgress,
  },
  {
    state: 'stalled',
    step: { status: { conditions: trio('False', 'False', 'True', 'InvalidSpec', 'fix spec.vmSize') } },
    argo: ArgoHealthStatus.Degraded,
    kstatus: KstatusStatus.Failed,
  },
  {
    state: 'ready',
    step: { status: { conditions: trio('True', 'False', 'False', 'UpToDate', 'matches the spec') } },
    argo: ArgoHealthStatus.Healthy,
    kstatus: KstatusStatus.Current,
  },
  {
    state: 'ready for an older generation',
    step: { status: { conditions: trio('True', 'False', 'False', 'UpToDate') }, changeSpec: true },
    argo: ArgoHealthStatus.Progressing,
    kstatus: KstatusStatus.InProgress,
  },
  {
    // Argo CD reports deletion itself ("Pending deletion") before it runs a health script.
    state: 'being deleted',
    step: { status: { conditions: trio('True', 'False', 'False', 'UpToDate') }, delete: true },
    kstatus: KstatusStatus.Terminating,
  },
];

const KIND_CASES: Record<Kind, Case[]> = {
  // Stopped as asked is read on the operator's own output below; a change that waits for the next start
  // is not reached yet, which Argo CD shows as waiting for an outside event.
  ManagedCluster: [
    {
      state: 'stopped on purpose, a spec change waiting for the next start',
      step: {
        specPatch: { powerState: 'Stopped' },
        status: {
          conditions: trio(
            'False',
            'False',
            'False',
            'ClusterStopped',
            'the cluster is stopped as asked; spec.tags waits for the next start',
          ),
        },
      },
      argo: ArgoHealthStatus.Suspended,
      kstatus: KstatusStatus.InProgress,
    },
  ],
  NodePool: [
    {
      state: 'in a stopped cluster, a spec change waiting for it to run',
      step: {
        status: {
          conditions: trio('False', 'False', 'False', 'ClusterStopped', 'ManagedCluster c1 is stopped'),
        },
      },
      argo: ArgoHealthStatus.Suspended,
      kstatus: KstatusStatus.InProgress,
    },
  ],
  NodePoolSnapshot: [],
  UpgradePlan: [
    {
      state: 'failed (failure policy stopped it)',
      step: {
        status: {
          conditions: [
            ...trio('False', 'False', 'True', 'MaxFailuresExceeded', '2 of 4 clusters failed'),
            {
              type: 'Failed',
              status: 'True',
              reason: 'MaxFailuresExceeded',
              message: '2 of 4 clusters failed',
            },
          ],
          fields: { phase: 'Failed' },
        },
      },
      argo: ArgoHealthStatus.Degraded,
      kstatus: KstatusStatus.Failed,
    },
    {
      state: 'paused',
      step: {
        specPatch: { paused: true },
        status: {
          conditions: trio('False', 'False', 'False', 'Paused', 'spec.paused is true'),
          fields: { phase: 'Paused' },
        },
      },
      argo: ArgoHealthStatus.Suspended,
      kstatus: KstatusStatus.InProgress,
    },
    {
      state: 'waiting for a stage approval',
      step: {
        status: {
          conditions: trio('False', 'True', 'False', 'WaitingForApproval', 'stage prod waits for approval'),
          fields: { phase: 'WaitingForApproval' },
        },
      },
      argo: ArgoHealthStatus.Suspended,
      kstatus: KstatusStatus.InProgress,
    },
    {
      state: 'completed',
      step: {
        status: {
          conditions: [
            ...trio('True', 'False', 'False', 'Completed', 'every selected cluster runs 1.31'),
            { type: 'Failed', status: 'False', reason: 'Completed' },
          ],
          fields: { phase: 'Succeeded' },
        },
      },
      argo: ArgoHealthStatus.Healthy,
      kstatus: KstatusStatus.Current,
    },
  ],
};

let kc: KubeConfig;
let api: CustomObjectsApi;

beforeAll(async () => {
  kc = managementKubeConfig();
  api = kc.makeApiClient(CustomObjectsApi);
  await Promise.all([applyCrds(kc), ensureTool('kstatus')]);
}, TOOL_BUILD_TIMEOUT_MS);

function coordinates(kind: Kind, namespace: string) {
  return { group: GROUP, version: VERSION, namespace, plural: Plural[kind] };
}

async function read(kind: Kind, namespace: string, name: string): Promise<Obj> {
  return (await api.getNamespacedCustomObject({ ...coordinates(kind, namespace), name })) as Obj;
}

/** Drives a fresh object through `step` and returns it as the API server holds it afterwards. */
async function drive(kind: Kind, namespace: string, name: string, step: Step): Promise<Obj> {
  const body: Obj = {
    apiVersion: API_VERSION,
    kind,
    metadata: { name, ...(step.delete ? { finalizers: [TEST_FINALIZER] } : {}) },
    spec: { ...SPECS[kind].spec, ...step.specPatch },
  };
  let obj = (await api.createNamespacedCustomObject({ ...coordinates(kind, namespace), body })) as Obj;
  if (step.status) {
    const generation = obj.metadata.generation ?? 1;
    const conditions = step.status.conditions.map((c) => ({
      ...c,
      message: c.message ?? '',
      lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      observedGeneration: generation,
    }));
    obj = (await api.replaceNamespacedCustomObjectStatus({
      ...coordinates(kind, namespace),
      name,
      body: { ...obj, status: { ...step.status.fields, observedGeneration: generation, conditions } },
    })) as Obj;
  }
  if (step.changeSpec) {
    obj = (await api.replaceNamespacedCustomObject({
      ...coordinates(kind, namespace),
      name,
      body: { ...obj, spec: SPECS[kind].change(obj.spec) },
    })) as Obj;
  }
  if (step.delete) {
    await api.deleteNamespacedCustomObject({ ...coordinates(kind, namespace), name });
    return waitFor(() => read(kind, namespace, name), {
      timeoutMs: 10_000,
      message: `${kind} ${name} to carry a deletionTimestamp`,
      until: (o) => Boolean(o.metadata.deletionTimestamp),
    });
  }
  return read(kind, namespace, name);
}

/** Lets held objects go, so the namespace can be deleted. */
async function releaseFinalizers(kind: Kind, namespace: string): Promise<void> {
  const list = (await api.listNamespacedCustomObject(coordinates(kind, namespace))) as { items: Obj[] };
  for (const item of list.items.filter((o) => o.metadata.finalizers?.includes(TEST_FINALIZER))) {
    await api.replaceNamespacedCustomObject({
      ...coordinates(kind, namespace),
      name: item.metadata.name,
      body: {
        ...item,
        metadata: {
          ...item.metadata,
          finalizers: item.metadata.finalizers?.filter((f) => f !== TEST_FINALIZER),
        },
      },
    });
  }
}

describe.each(Object.values(Kind))('%s health as Argo CD and kstatus read it', (kind) => {
  let ns: TestNamespace;
  beforeAll(async () => {
    ns = await createTestNamespace(kc, `gitops-${kind}`);
  });
  afterAll(async () => {
    if (!ns) return;
    await releaseFinalizers(kind, ns.name);
    await ns.delete();
  });

  const cases = [...COMMON_CASES, ...KIND_CASES[kind]];
  it.each(cases.map((c, i) => [c.state, c, i] as const))('%s', async (_state, c, index) => {
    const obj = await drive(kind, ns.name, `s${index}`, c.step);
    const [verdict] = await kstatus([obj]);
    const observed: { kstatus?: KstatusStatus; argo?: ArgoHealthStatus } = { kstatus: verdict?.status };
    if (c.argo) observed.argo = (await argoHealth(kind, obj)).status;
    expect(observed).toEqual({ kstatus: c.kstatus, ...(c.argo ? { argo: c.argo } : {}) });
  });
});

// Monday 2026-03-02 19:00 in Amsterdam (UTC+1) is 18:00 UTC: the office-hours schedule of examples/fleet.
const STOP_AT = '2026-03-02T18:00:00Z';

describe('what the operator writes for objects stopped as asked, as Argo CD and kstatus read it', () => {
  let sim: Simulator | undefined;
  let ns: TestNamespace | undefined;
  let operator: TestOperator | undefined;
  let objects: Objects;
  const clock = new ShiftedClock();

  beforeAll(async () => {
    sim = await startTestSimulator();
    ns = await createTestNamespace(kc, 'gitops-stopped');
    objects = new Objects(ns.name);
    // An hour before the stop: the cluster and its pools are created while it runs.
    clock.setTo(STOP_AT, 3_600_000);
    // The resync lets the operator notice the clock moved forward to the stop.
    operator = await new TestOperator({ sim, namespaces: [ns.name], clock, resyncPeriodMs: 1000 }).start();
  });

  afterAll(async () => {
    await operator?.stop();
    await objects?.releaseAll();
    await ns?.delete();
    await sim?.close();
  });

  /** kstatus's and Argo CD's verdicts on the object as the API server holds it. */
  async function readings(kind: Kind, obj: unknown): Promise<{ kstatus?: KstatusStatus; argo: string }> {
    const [verdict] = await kstatus([obj]);
    return { kstatus: verdict?.status, argo: (await argoHealth(kind, obj)).status };
  }

  const running = (obj: { status?: { conditions?: { type: string; status: string; reason: string }[] } }) =>
    obj.status?.conditions?.find((c) => c.type === 'Running');

  it('reads a pool stopped by its spec, then its cluster stopped by the power schedule, as Current and Healthy', async () => {
    const rg = `rg-${objects.namespace}`;
    await objects.createCluster('dev', {
      subscriptionId: SUBSCRIPTION,
      resourceGroup: rg,
      location: 'westeurope',
      kubernetesVersion: '1.33',
      systemPool: { vmSize: 'Standard_D4s_v3', count: 1 },
      powerSchedule: { timeZone: 'Europe/Amsterdam', startCron: '0 8 * * 1-5', stopCron: '0 19 * * 1-5' },
    });
    await objects.clusterReady('dev');
    await objects.createPool('apps', { clusterRef: { name: 'dev' }, vmSize: 'Standard_D4s_v3', count: 1 });
    await objects.poolReady('apps');
    await objects.patch('pool', 'apps', { spec: { powerState: 'Stopped' } });

    const pool = await objects.waitForCondition('pool', 'apps', {
      type: 'Ready',
      status: 'True',
      reason: 'PoolStopped',
    });
    expect(running(pool)).toMatchObject({ status: 'False', reason: 'PoolStopped' });
    expect(await readings(Kind.NodePool, pool)).toEqual({
      kstatus: KstatusStatus.Current,
      argo: ArgoHealthStatus.Healthy,
    });

    clock.setTo(STOP_AT, -1000);
    const cluster = await objects.waitForCondition('cluster', 'dev', {
      type: 'Ready',
      status: 'True',
      reason: 'ClusterStopped',
    });
    expect(cluster.status?.powerState).toBe('Stopped');
    expect(running(cluster)).toMatchObject({ status: 'False', reason: 'ClusterStopped' });
    expect(await readings(Kind.ManagedCluster, cluster)).toEqual({
      kstatus: KstatusStatus.Current,
      argo: ArgoHealthStatus.Healthy,
    });

    // The pool, applied before the stop, stays at its desired state in the stopped cluster.
    const inStopped = await objects.waitForCondition('pool', 'apps', {
      type: 'Ready',
      status: 'True',
      reason: 'ClusterStopped',
    });
    expect(running(inStopped)).toMatchObject({ status: 'False', reason: 'ClusterStopped' });
    expect(await readings(Kind.NodePool, inStopped)).toEqual({
      kstatus: KstatusStatus.Current,
      argo: ArgoHealthStatus.Healthy,
    });
  });
});
