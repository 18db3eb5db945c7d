// Checks an answer against sim/fixtures/aks-create-defaults.json: every default real AKS fills in on create
// must be in the answer, unless the request declared that field (see the fixture's `about`).
import { readFileSync } from 'node:fs';

type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

interface DefaultEntry {
  path: string;
  value?: JsonValue;
  type?: 'string' | 'object' | 'array';
  oneOf?: JsonValue[];
  when?: Record<string, JsonValue[]>;
  whenPresent?: string;
  /** `list[].field`: some element of `list` has one of the values at `field`. */
  whenAny?: Record<string, JsonValue[]>;
}

interface DefaultsFixture {
  managedCluster: DefaultEntry[];
  agentPool: DefaultEntry[];
  maintenanceConfiguration: DefaultEntry[];
}

export const DEFAULTS: DefaultsFixture = JSON.parse(
  readFileSync(new URL('../fixtures/aks-create-defaults.json', import.meta.url), 'utf8'),
) as DefaultsFixture;

export type DefaultsKind = keyof DefaultsFixture;

function at(body: unknown, path: string): unknown {
  let cur = body;
  for (const part of path.split('.'))
    cur =
      cur && typeof cur === 'object' && !Array.isArray(cur)
        ? (cur as Record<string, unknown>)[part]
        : undefined;
  return cur;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  return Array.isArray(v) ? 'array' : typeof v;
}

/** Equal as JSON, strings compared case-insensitively. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (kindOf(a) !== kindOf(b)) return false;
  if (Array.isArray(a))
    return a.length === (b as unknown[]).length && a.every((x, i) => same(x, (b as unknown[])[i]));
  if (a && typeof a === 'object') {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b as object).length &&
      ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return a === b;
}

function applies(e: DefaultEntry, request: unknown, answer: unknown): boolean {
  if (at(request, e.path) !== undefined && at(request, e.path) !== null) return false;
  if (e.whenPresent && at(answer, e.whenPresent) === undefined) return false;
  const anyHolds = Object.entries(e.whenAny ?? {}).every(([path, values]) => {
    const [list = '', field = ''] = path.split('[].');
    const items = at(answer, list);
    return Array.isArray(items) && items.some((item) => values.some((v) => same(v, at(item, field))));
  });
  return (
    anyHolds &&
    Object.entries(e.when ?? {}).every(([path, values]) => values.some((v) => same(v, at(answer, path))))
  );
}

function problem(e: DefaultEntry, answer: unknown): string | undefined {
  const have = at(answer, e.path);
  if (have === undefined) return `${e.path}: missing`;
  if (e.type)
    return kindOf(have) === e.type ? undefined : `${e.path}: expected ${e.type}, got ${kindOf(have)}`;
  if (e.oneOf) return e.oneOf.some((v) => same(v, have)) ? undefined : `${e.path}: ${JSON.stringify(have)}`;
  return same(e.value, have)
    ? undefined
    : `${e.path}: expected ${JSON.stringify(e.value)}, got ${JSON.stringify(have)}`;
}

/** The fixture's defaults of `kind` that `answer` lacks or answers differently, given the `request` that made it. */
export function missingDefaults(kind: DefaultsKind, request: unknown, answer: unknown): string[] {
  return DEFAULTS[kind].filter((e) => applies(e, request, answer)).flatMap((e) => problem(e, answer) ?? []);
}

interface PoolProfile {
  name?: string;
}

/** The cluster's defaults and, for each pool of the answer, the pool defaults given the pool's own request. */
export function missingClusterDefaults(request: unknown, answer: unknown): string[] {
  const out = missingDefaults('managedCluster', request, answer).map((m) => `cluster ${m}`);
  const requested = (at(request, 'properties.agentPoolProfiles') as PoolProfile[] | undefined) ?? [];
  const answered = (at(answer, 'properties.agentPoolProfiles') as PoolProfile[] | undefined) ?? [];
  for (const pool of answered) {
    const own = requested.find((r) => r.name?.toLowerCase() === pool.name?.toLowerCase()) ?? {};
    out.push(...missingDefaults('agentPool', own, pool).map((m) => `pool ${pool.name} ${m}`));
  }
  return out;
}
