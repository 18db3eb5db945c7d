// The committed deploy/ is exactly what generate-deploy.ts renders from the chart with the real helm,
// its kustomization lists every manifest, and it ships the generated CRDs unchanged.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { renderCrds } from './generate-crds.js';
import { DEPLOY_DIR, renderDeploy } from './generate-deploy.js';
import { TOOL_BUILD_TIMEOUT_MS, ensureTool } from './go-tools.js';
import { parseManifests } from './render-chart.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [relative(DEPLOY_DIR, path)];
  });
}

let rendered: Map<string, string>;
beforeAll(async () => {
  await ensureTool('helm');
  rendered = await renderDeploy();
}, TOOL_BUILD_TIMEOUT_MS);

describe('deploy/', () => {
  it('matches a fresh render of the chart (run npx tsx scripts/generate-deploy.ts)', () => {
    expect(filesUnder(DEPLOY_DIR).sort()).toEqual([...rendered.keys()].sort());
    for (const [path, text] of rendered) {
      expect({ path, text: readFileSync(join(DEPLOY_DIR, path), 'utf8') }).toEqual({ path, text });
    }
  });

  it('lists every manifest in kustomization.yaml', () => {
    const kustomization = parse(readFileSync(join(DEPLOY_DIR, 'kustomization.yaml'), 'utf8')) as {
      resources: string[];
      namespace: string;
    };
    const manifests = filesUnder(DEPLOY_DIR).filter((f) => f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(manifests.sort());
    expect(kustomization.namespace).toBe('aks-lifecycle-system');
  });

  it('ships the generated CRDs unchanged', () => {
    for (const [name, text] of renderCrds()) {
      expect(readFileSync(join(DEPLOY_DIR, 'crds', name), 'utf8')).toBe(text);
    }
  });

  it('says kustomize, not Helm, manages the objects', () => {
    const objects = filesUnder(DEPLOY_DIR)
      .filter((f) => !f.startsWith('crds/') && f !== 'kustomization.yaml')
      .flatMap((f) => parseManifests(readFileSync(join(DEPLOY_DIR, f), 'utf8')));
    expect(objects.length).toBeGreaterThan(8);
    for (const o of objects) {
      expect(o.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('kustomize');
      expect(o.metadata.labels?.['helm.sh/chart']).toBeUndefined();
    }
  });

  it('creates its namespace under the restricted Pod Security Standard', () => {
    const [ns] = parseManifests(readFileSync(join(DEPLOY_DIR, 'namespace.yaml'), 'utf8'));
    expect(ns?.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });
});
