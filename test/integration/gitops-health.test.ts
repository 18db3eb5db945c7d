// Real: the management cluster's API server with the project's CRDs, Argo CD's health scripts
// (health/argocd/*.lua) in a Lua VM, and Flux's kstatus library (fluxcd/cli-utils) as a Go CLI.
// Each kind's object is created, its status written through the status subresource to each state the
// operator reports (or its spec changed, or its deletion begun), and read back from the server; the test
// proves both tools read every state as documented in docs/gitops.md.
import { CustomObjectsApi } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { API_VERSION, GROUP, Kind, Plural, VERSION } from '../../src/api/index.js';
import { argoHealth, ArgoHealthStatus } from '../../scripts/argocd-health.js';
import { TOOL_BUILD_TIMEOUT_MS, ensureTool } from '../../scripts/go-tools.js';
import { kstatus, KstatusStatus } from '../../scripts/kstatus.js';
import { applyCrds } from '../support/crds.js';
import { createTestNamespace } from '../support/namespace.js';
import type { TestNamespace } from '../support/namespace.js';
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
  ManagedCluster: [
    {
      state: 'stopped on purpose',
      step: {
        specPatch: { powerState: 'Stopped' },
        status: {
          conditions: trio('False', 'False', 'False', 'ClusterStopped', 'the cluster is stopped as asked'),
        },
      },
      argo: ArgoHealthStatus.Suspended,
      kstatus: KstatusStatus.InProgress,
    },
  ],
  NodePool: [
    {
      state: 'stopped on purpose',
      step: {
        specPatch: { powerState: 'Stopped' },
        status: {
          conditions: trio('False', 'False', 'False', 'PoolStopped', 'the pool is stopped as asked'),
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
