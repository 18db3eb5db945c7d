// Declared settings in AKS's own shapes, handled leaf by leaf: overlaid on the body Azure has (objects merge
// key by key, lists and values replace) and compared leaf by leaf, so only what a spec writes is touched.
// ManagedCluster and NodePool both map their AKS-shaped sections through this.
import { DiffAction, sameSet, show, type FieldDiff } from './field-diff.js';

export type Json = unknown;
export type JsonObject = Record<string, Json>;

export function isObject(v: Json): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Objects merge key by key; lists and values replace. */
export function overlay(base: Json, top: Json): Json {
  if (!isObject(top) || !isObject(base)) return top;
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(top)) out[k] = overlay(base[k], v);
  return out;
}

/** Where a spec keeps AKS's REST names and the SDK spells them otherwise: renames both ways. */
export interface SdkNames {
  /** Renames, in place, the spec's keys of a declared subtree (rooted where the spec paths are) to the SDK's. */
  toSdk(tree: JsonObject): void;
  /** The spec's path of a body path. */
  specPath(path: string): string;
}

/** `names`: spec path → the SDK's spelling of its last segment. Bodies are the SDK's; diff paths the spec's. */
export function sdkNames(names: Readonly<Record<string, string>>): SdkNames {
  const specPaths = new Map(
    Object.entries(names).map(([specPath, sdk]) => [specPath.replace(/[^.]+$/, sdk), specPath]),
  );
  return {
    toSdk(tree) {
      for (const [specPath, sdk] of Object.entries(names)) {
        const segments = specPath.split('.');
        const last = segments.pop() ?? '';
        let parent: Json = tree;
        for (const s of segments) parent = isObject(parent) ? parent[s] : undefined;
        if (!isObject(parent) || parent[last] === undefined) continue;
        // Rebuilt in place so the key keeps its position (diffs follow the spec's order).
        const entries = Object.entries(parent).map(([k, v]): [string, Json] => [k === last ? sdk : k, v]);
        for (const k of Object.keys(parent)) delete parent[k];
        Object.assign(parent, Object.fromEntries(entries));
      }
    },
    specPath: (path) => specPaths.get(path) ?? path,
  };
}

/** How one resource kind reads its leaves: which are fixed at creation, and how a body path reads in the spec. */
export interface LeafRules {
  /** The action for a declared leaf that differs (Update, or Immutable for what AKS fixes). */
  actionFor(path: string, want: Json, have: Json): DiffAction;
  /** The spec's path of a body path (the spec keeps AKS's REST names where the SDK spells them otherwise). */
  specPath(path: string): string;
}

/** Appends one diff per declared leaf under `path` that Azure has at another value. */
export function compareLeaves(
  path: string,
  want: Json,
  have: Json,
  rules: LeafRules,
  diffs: FieldDiff[],
): void {
  if (isObject(want)) {
    const h = isObject(have) ? have : {};
    for (const [k, v] of Object.entries(want)) compareLeaves(`${path}.${k}`, v, h[k], rules, diffs);
    return;
  }
  if (sameLeaf(path, want, have)) return;
  // A switch Azure does not report is off.
  if (typeof want === 'boolean') have ??= false;
  diffs.push({
    path: `spec.${rules.specPath(path)}`,
    action: rules.actionFor(path, want, have),
    azure: show(shownText(have)),
    wanted: show(shownText(want)),
  });
}

function sameLeaf(path: string, want: Json, have: Json): boolean {
  if (typeof want === 'boolean') return want === (have ?? false);
  if (Array.isArray(want)) {
    const list = Array.isArray(have) ? have : [];
    if (path.endsWith('authorizedIPRanges')) return sameSet(want.map(hostRange), list.map(hostRange));
    return sameSet(
      want.map((x) => leafText(x) ?? ''),
      list.map((x) => leafText(x) ?? ''),
    );
  }
  return leafText(want) === leafText(have);
}

/** A comparable text of a leaf: dates as ISO instants, names case-insensitively, objects as JSON. */
function leafText(v: Json): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return /^\d{4}-\d\d-\d\dT/.test(v) ? new Date(v).toISOString() : v.toLowerCase();
  if (isObject(v) || Array.isArray(v)) return JSON.stringify(sortedKeys(v)).toLowerCase();
  return String(v);
}

/** A leaf as the message shows it: as written, dates as ISO instants. */
function shownText(v: Json): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Date) return v.toISOString();
  if (isObject(v) || Array.isArray(v)) return JSON.stringify(sortedKeys(v));
  return String(v);
}

/** Objects with their keys in one order, so Azure's key order does not read as a difference. */
function sortedKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (!isObject(v)) return v;
  return Object.fromEntries(
    Object.keys(v)
      .filter((k) => v[k] !== undefined && v[k] !== null)
      .sort()
      .map((k) => [k, sortedKeys(v[k])]),
  );
}

/** AKS answers a single address as a /32 (or /128) range. */
function hostRange(v: Json): string {
  const text = String(v).toLowerCase();
  if (text.includes('/')) return text;
  return text.includes(':') ? `${text}/128` : `${text}/32`;
}
