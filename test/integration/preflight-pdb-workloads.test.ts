// Real: the management cluster's API server, scheduler, ReplicaSet and disruption controllers, kwok
// nodes. Proves the read-only gatherer collects PDBs, pods and workloads, and the pure checks turn them
// into the right findings: structural zero (error), effective zero naming the unready pod (warning),
// two PDBs over one pod (error), and a Deployment short of ready replicas (warning).

import type { KubeConfig } from '@kubernetes/client-node';
import {
  checkPdbs,
  checkWorkloadHealth,
  gatherPdbInputs,
  gatherWorkloads,
} from '../../src/preflight/index.js';
import { createTestNamespace } from '../support/namespace.js';
import type { TestNamespace } from '../support/namespace.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';
import {
  createDeployment,
  createPdb,
  newFence,
  setPodReady,
  waitForPdb,
  waitForReadyPods,
} from './drain-fixtures.js';
import type { Fence } from './drain-fixtures.js';

let kc: KubeConfig;
let ns: TestNamespace;
let fence: Fence;

beforeEach(async () => {
  kc = managementKubeConfig();
  ns = await createTestNamespace(kc, 'preflight-pdb');
  fence = newFence(kc);
  await fence.createNodes('pool', 2);
});

afterEach(async () => {
  await fence.cleanup();
  await ns.delete();
});

it('S15/S17/S8/P7: finds structural and effective zero budgets, overlapping PDBs and an unhealthy Deployment', async () => {
  await createDeployment(kc, { namespace: ns.name, name: 'locked', replicas: 2, fence });
  await createPdb(kc, { namespace: ns.name, name: 'locked-pdb', app: 'locked', maxUnavailable: 0 });
  await createDeployment(kc, { namespace: ns.name, name: 'api', replicas: 3, fence });
  await createPdb(kc, { namespace: ns.name, name: 'api-pdb', app: 'api', maxUnavailable: 1 });
  await createDeployment(kc, { namespace: ns.name, name: 'web', replicas: 1, fence });
  await createPdb(kc, { namespace: ns.name, name: 'web-a', app: 'web', minAvailable: 0 });
  await createPdb(kc, { namespace: ns.name, name: 'web-b', app: 'web', maxUnavailable: 1 });
  const api = await waitForReadyPods(kc, ns.name, 'api', 3);
  await waitForReadyPods(kc, ns.name, 'locked', 2);
  await waitForReadyPods(kc, ns.name, 'web', 1);
  const sick = api[0]?.metadata?.name ?? '';
  await setPodReady(kc, ns.name, sick, false);
  await waitForPdb(kc, ns.name, 'api-pdb', (p) => p.status?.disruptionsAllowed === 0);
  await waitForPdb(kc, ns.name, 'locked-pdb', (p) => p.status?.expectedPods === 2);

  const inputs = await gatherPdbInputs(kc, { namespaces: [ns.name] });
  expect(inputs.pdbs.map((p) => p.metadata?.name).sort()).toEqual([
    'api-pdb',
    'locked-pdb',
    'web-a',
    'web-b',
  ]);
  const findings = checkPdbs(inputs);
  const byReason = (reason: string) => findings.filter((f) => f.reason === reason);
  expect(byReason('StructuralZeroPDB')).toEqual([
    expect.objectContaining({ severity: 'Error', subject: `PodDisruptionBudget ${ns.name}/locked-pdb` }),
  ]);
  expect(byReason('TransientZeroPDB')).toEqual([
    expect.objectContaining({
      severity: 'Warning',
      subject: `PodDisruptionBudget ${ns.name}/api-pdb`,
      message: expect.stringContaining(`${ns.name}/${sick}`),
    }),
  ]);
  expect(byReason('MultiplePDBs')).toEqual([
    expect.objectContaining({
      severity: 'Error',
      message: expect.stringContaining(`${ns.name}/web-a, ${ns.name}/web-b`),
    }),
  ]);

  // The Deployment controller notices the unready pod and lowers readyReplicas.
  const workloads = await waitFor(() => gatherWorkloads(kc, { namespaces: [ns.name] }), {
    timeoutMs: 30_000,
    message: 'Deployment api to report 2 ready replicas',
    until: (w) => w.deployments.find((d) => d.metadata?.name === 'api')?.status?.readyReplicas === 2,
  });
  expect(checkWorkloadHealth(workloads)).toEqual([
    expect.objectContaining({
      reason: 'UnhealthyWorkload',
      subject: `Deployment ${ns.name}/api`,
      message: expect.stringContaining('has 2/3 ready replicas'),
    }),
  ]);
});
