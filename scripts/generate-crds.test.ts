// The committed crds/ and docs/api-reference.md are exactly what the generator produces from src/api,
// and the CRD schemas are structural and bounded (so CEL rules fit the apiserver's cost budget).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  ConditionType,
  KIND_DEFINITIONS,
  ManagedClusterConditionType,
  ManagedClusterReason,
  NodePoolConditionType,
  NodePoolReason,
  NodePoolSnapshotReason,
  Reason,
  UpgradePlanConditionType,
  UpgradePlanReason,
} from '../src/api/index.js';
import type { CustomResourceDefinition, OpenAPISchema } from '../src/api/index.js';
import { documentedValues, renderApiReference, renderCrds, ROOT } from './generate-crds.js';

const rendered = renderCrds();
const crds = [...rendered.values()].map((text) => parse(text) as CustomResourceDefinition);

interface Visit {
  path: string;
  schema: OpenAPISchema;
}

function walk(schema: OpenAPISchema, path: string, out: Visit[] = []): Visit[] {
  out.push({ path, schema });
  for (const [key, child] of Object.entries(schema.properties ?? {})) walk(child, `${path}.${key}`, out);
  if (schema.items) walk(schema.items, `${path}[]`, out);
  if (schema.additionalProperties) walk(schema.additionalProperties, `${path}{}`, out);
  return out;
}

const nodes = crds.flatMap((crd) =>
  walk(crd.spec.versions[0]?.schema.openAPIV3Schema ?? {}, crd.spec.names.kind).map((v) => ({
    ...v,
    kind: crd.spec.names.kind,
  })),
);
const fieldNodes = nodes.filter((n) => /\.(spec|status)(\.|\[|\{|$)/.test(n.path));

describe('generated files', () => {
  it('writes one CRD per kind', () => {
    expect(crds.map((c) => c.spec.names.kind).sort()).toEqual(KIND_DEFINITIONS.map((d) => d.kind).sort());
  });

  it('committed crds/ match the generator output (run npx tsx scripts/generate-crds.ts)', () => {
    const onDisk = readdirSync(join(ROOT, 'crds')).filter((f) => f.endsWith('.yaml'));
    expect(onDisk.sort()).toEqual([...rendered.keys()].sort());
    for (const [name, text] of rendered) {
      expect({ name, text: readFileSync(join(ROOT, 'crds', name), 'utf8') }).toEqual({ name, text });
    }
  });

  it('committed docs/api-reference.md matches the generator output', async () => {
    expect(readFileSync(join(ROOT, 'docs', 'api-reference.md'), 'utf8')).toEqual(await renderApiReference());
  });
});

describe('CRD schemas', () => {
  it('give every schema node a type (int-or-string excepted)', () => {
    const untyped = nodes.filter((n) => !n.schema.type && !n.schema['x-kubernetes-int-or-string']);
    expect(untyped.map((n) => n.path)).toEqual([]);
  });

  it('never combine properties with additionalProperties', () => {
    const both = nodes.filter((n) => n.schema.properties && n.schema.additionalProperties);
    expect(both.map((n) => n.path)).toEqual([]);
  });

  it('preserve unknown fields nowhere (every field is declared)', () => {
    const preserving = nodes.filter((n) => n.schema['x-kubernetes-preserve-unknown-fields']);
    expect(preserving.map((n) => n.path)).toEqual([]);
  });

  it('describe every spec and status field', () => {
    expect(fieldNodes.filter((n) => !n.schema.description?.trim()).map((n) => n.path)).toEqual([]);
  });

  it('bound every string, list and map so CEL costs are estimable', () => {
    const unbounded = fieldNodes.filter(
      (n) =>
        (n.schema.type === 'string' && n.schema.maxLength === undefined && !n.schema.enum) ||
        (n.schema.type === 'array' && n.schema.maxItems === undefined) ||
        (n.schema.additionalProperties !== undefined && n.schema.maxProperties === undefined),
    );
    expect(unbounded.map((n) => n.path)).toEqual([]);
  });

  it('give every CEL rule a message that documents it', () => {
    const rules = nodes.flatMap((n) =>
      (n.schema['x-kubernetes-validations'] ?? []).map((r) => ({ path: n.path, r })),
    );
    expect(rules.length).toBeGreaterThan(40);
    expect(rules.filter(({ r }) => !r.message?.trim()).map(({ path }) => path)).toEqual([]);
  });

  it('serve a status subresource and the aks category with short names that do not collide', () => {
    const shortNames = crds.flatMap((c) => c.spec.names.shortNames);
    expect(new Set(shortNames).size).toBe(shortNames.length);
    for (const crd of crds) {
      expect(crd.spec.scope).toBe('Namespaced');
      expect(crd.spec.names.categories).toEqual(['aks']);
      expect(crd.spec.versions[0]?.subresources).toEqual({ status: {} });
    }
  });

  it('point every printer column at a declared field', () => {
    const missing: string[] = [];
    for (const crd of crds) {
      const version = crd.spec.versions[0];
      const root = version?.schema.openAPIV3Schema ?? {};
      for (const col of version?.additionalPrinterColumns ?? []) {
        const path = col.jsonPath
          .replace(/\[\?.*$/, '')
          .split('.')
          .filter(Boolean);
        let at: OpenAPISchema | undefined = root;
        for (const key of path) at = key === 'creationTimestamp' ? at : at?.properties?.[key];
        if (!at) missing.push(`${crd.spec.names.kind} ${col.name} ${col.jsonPath}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('condition types and reasons', () => {
  const source = (file: string) => readFileSync(join(ROOT, 'src', 'api', file), 'utf8');
  const commonTypes = Object.values(ConditionType);
  const commonReasons = Object.values(Reason);

  it.each([
    ['ConditionType', 'conditions.ts', Object.values(ConditionType), []],
    ['Reason', 'conditions.ts', Object.values(Reason), []],
    [
      'ManagedClusterConditionType',
      'managed-cluster-conditions.ts',
      Object.values(ManagedClusterConditionType),
      commonTypes,
    ],
    [
      'ManagedClusterReason',
      'managed-cluster-conditions.ts',
      Object.values(ManagedClusterReason),
      commonReasons,
    ],
    ['NodePoolConditionType', 'node-pool-conditions.ts', Object.values(NodePoolConditionType), commonTypes],
    ['NodePoolReason', 'node-pool-conditions.ts', Object.values(NodePoolReason), commonReasons],
    ['NodePoolSnapshotReason', 'node-pool-snapshot.ts', Object.values(NodePoolSnapshotReason), commonReasons],
    [
      'UpgradePlanConditionType',
      'upgrade-plan-conditions.ts',
      Object.values(UpgradePlanConditionType),
      commonTypes,
    ],
    ['UpgradePlanReason', 'upgrade-plan-conditions.ts', Object.values(UpgradePlanReason), commonReasons],
  ] as const)('%s documents each value in one line', (name, file, values, inherited) => {
    const documented = documentedValues(source(file), name).map((e) => e.value);
    expect([...inherited, ...documented].sort()).toEqual([...values].sort());
  });
});
