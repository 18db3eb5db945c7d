// The table of Kubernetes API removals (pluto, kube-no-trouble and the Kubernetes migration guide,
// merged), read at run time from data/deprecated-apis.yaml shipped beside this module.

import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

export interface RemovedApi {
  apiVersion: string;
  group: string;
  version: string;
  kind: string;
  deprecatedIn: string | null;
  /** First minor that no longer serves it; null for add-on CRDs with no fixed release. */
  removedIn: string | null;
  replacement: string | null;
  isListKind: boolean;
  /** False for file formats (audit policy) that are never REST resources. */
  isServedByApiServer: boolean;
  isAddon: boolean;
}

export const DEFAULT_TABLE_URL = new URL('./data/deprecated-apis.yaml', import.meta.url);

interface RawRow {
  apiVersion?: unknown;
  group?: unknown;
  version?: unknown;
  kind?: unknown;
  deprecatedIn?: unknown;
  removedIn?: unknown;
  replacement?: unknown;
  listKind?: unknown;
  servedByApiServer?: unknown;
  addon?: unknown;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Rows of the table's `apis:` list; throws when the text is not the table. */
export function parseRemovedApiTable(text: string): RemovedApi[] {
  const doc = parse(text) as { apis?: RawRow[] } | null;
  if (!doc || !Array.isArray(doc.apis))
    throw new Error('cannot read the deprecated API table: no "apis" list');
  return doc.apis.map((row, i) => {
    const apiVersion = str(row.apiVersion);
    const kind = str(row.kind);
    if (!apiVersion || !kind)
      throw new Error(`cannot read the deprecated API table: row ${i} lacks apiVersion or kind`);
    return {
      apiVersion,
      group: str(row.group) ?? '',
      version: str(row.version) ?? apiVersion.split('/').pop() ?? '',
      kind,
      deprecatedIn: str(row.deprecatedIn),
      removedIn: str(row.removedIn),
      replacement: str(row.replacement),
      isListKind: row.listKind === true,
      isServedByApiServer: row.servedByApiServer !== false,
      isAddon: row.addon === true,
    };
  });
}

let cached: Promise<RemovedApi[]> | undefined;

/** Loads the table shipped with the operator (once per process), or another file when a URL is given. */
export function loadRemovedApiTable(url: URL = DEFAULT_TABLE_URL): Promise<RemovedApi[]> {
  if (url.href !== DEFAULT_TABLE_URL.href) return readFile(url, 'utf8').then(parseRemovedApiTable);
  cached ??= readFile(url, 'utf8').then(parseRemovedApiTable);
  return cached;
}
