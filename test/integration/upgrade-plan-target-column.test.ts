// Real: the management cluster's kube-apiserver rendering the UpgradePlan CRD's printer columns (the
// Table kubectl get shows), the operator in-process. Simulated: Azure (unused: the plans select no
// cluster). Proves the Target column names every kind of target: a version, node images, a snapshot.
import https from 'node:https';
import { CustomObjectsApi } from '@kubernetes/client-node';
import {
  API_VERSION,
  GROUP,
  Plural,
  VERSION,
  type UpgradePlan,
  type UpgradePlanSpecInput,
} from '../../src/api/index.js';
import { useOperatorWorld } from '../support/operator-world.js';
import { WAIT_MS } from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

const world = useOperatorWorld();

interface Table {
  columnDefinitions: { name: string }[];
  rows: { cells: unknown[]; object: { metadata: { name: string } } }[];
}

/** The UpgradePlans of `namespace` as the API server's Table (what `kubectl get upgradeplans` prints). */
async function planTable(namespace: string): Promise<Table> {
  const kc = managementKubeConfig();
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('no current cluster');
  const options: https.RequestOptions = {
    headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' },
  };
  await kc.applyToHTTPSOptions(options);
  const url = new URL(
    `/apis/${GROUP}/${VERSION}/namespaces/${namespace}/${Plural.UpgradePlan}`,
    cluster.server,
  );
  return new Promise((resolve, reject) => {
    https
      .get(url, options, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(JSON.parse(body) as Table)
            : reject(new Error(`${res.statusCode}: ${body}`)),
        );
      })
      .on('error', reject);
  });
}

it('shows the Kubernetes version, node image or snapshot a plan targets in its Target column', async () => {
  const { objects } = await world.start('aup-target');
  const api = managementKubeConfig().makeApiClient(CustomObjectsApi);
  const targets: Record<string, UpgradePlanSpecInput['target']> = {
    version: { kubernetesVersion: '1.34' },
    images: { nodeImageOnly: true },
    golden: { snapshotRef: { name: 'gold-snap' } },
  };
  for (const [name, target] of Object.entries(targets)) {
    await api.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      plural: Plural.UpgradePlan,
      namespace: objects.namespace,
      body: {
        apiVersion: API_VERSION,
        kind: 'UpgradePlan',
        metadata: { name },
        spec: { target, clusterSelector: { matchLabels: { fleet: 'none-selected' } } },
      },
    });
  }
  for (const name of Object.keys(targets)) {
    await waitFor(
      async () =>
        (await api.getNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          plural: Plural.UpgradePlan,
          namespace: objects.namespace,
          name,
        })) as UpgradePlan,
      {
        timeoutMs: WAIT_MS,
        message: `UpgradePlan ${name} to report its target`,
        until: (plan) => plan.status?.target !== undefined,
      },
    );
  }

  const table = await planTable(objects.namespace);
  const column = table.columnDefinitions.findIndex((c) => c.name === 'Target');
  expect(column).toBeGreaterThanOrEqual(0);
  const shown = Object.fromEntries(table.rows.map((r) => [r.object.metadata.name, r.cells[column]]));
  expect(shown).toEqual({ version: '1.34', images: 'node image', golden: 'snapshot gold-snap' });
});
