// The example fleet in examples/ against the real API server with the project's CRDs: every object
// passes schema and CEL admission (server-side dry run), so users can apply it as shipped.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { applyCrds } from '../support/crds.js';
import { managementKubeConfig } from '../support/world.js';

const EXAMPLES = join(process.cwd(), 'examples');

function exampleFiles(): string[] {
  const fleet = readdirSync(join(EXAMPLES, 'fleet')).map((f) => join('fleet', f));
  return [...fleet, ...readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'))]
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

function objectsIn(file: string): KubernetesObject[] {
  return parseAllDocuments(readFileSync(join(EXAMPLES, file), 'utf8'))
    .map((d) => d.toJS() as KubernetesObject | null)
    .filter((o): o is KubernetesObject => o !== null);
}

describe('examples', () => {
  const kc = managementKubeConfig();
  const api = KubernetesObjectApi.makeApiClient(kc);

  beforeAll(async () => {
    await applyCrds(kc);
    await api
      .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fleet' } })
      .catch((e: unknown) => {
        if ((e as { code?: number }).code !== 409) throw e;
      });
  });

  it('ship a fleet of three clusters, their pools, a snapshot and an upgrade plan', () => {
    const kinds = exampleFiles()
      .flatMap(objectsIn)
      .map((o) => o.kind);
    expect(kinds.filter((k) => k === 'ManagedCluster')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'NodePool').length).toBeGreaterThanOrEqual(12);
    expect(kinds).toContain('NodePoolSnapshot');
    expect(kinds).toContain('UpgradePlan');
  });

  it.each(exampleFiles())('%s passes admission', async (file) => {
    for (const obj of objectsIn(file)) {
      if (obj.kind === 'Namespace') continue;
      const created = await api.create(obj, undefined, 'All');
      expect(created.metadata?.name).toBe(obj.metadata?.name);
    }
  });
});
