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

/**
 * The table could not be read or parsed: the operator's own installation is broken (a build that left
 * data/ behind), not the workload cluster. Never cached, so a fixed file is picked up on the next try.
 */
export class RemovedApiTableError extends Error {
  override readonly name = 'RemovedApiTableError';
  readonly url: string;
  constructor(url: URL, cause: unknown) {
    super(
      `cannot load the removed-API table ${url.pathname}: ${cause instanceof Error ? cause.message : String(cause)}; the operator's installation lacks its data files`,
      { cause },
    );
    this.url = url.href;
  }
}

export const isRemovedApiTableError = (e: unknown): e is RemovedApiTableError =>
  e instanceof RemovedApiTableError;

async function readTable(url: URL): Promise<RemovedApi[]> {
  try {
    return parseRemovedApiTable(await readFile(url, 'utf8'));
  } catch (err: unknown) {
    throw new RemovedApiTableError(url, err);
  }
}

const loaded = new Map<string, Promise<RemovedApi[]>>();

/**
 * Loads a table (by default the one shipped with the operator) once per process once it has loaded.
 * Rejects with a RemovedApiTableError; a failed load is forgotten, so the next call reads the file again.
 */
export function loadRemovedApiTable(url: URL = DEFAULT_TABLE_URL): Promise<RemovedApi[]> {
  const known = loaded.get(url.href);
  if (known) return known;
  const loading = readTable(url);
  loaded.set(url.href, loading);
  loading.catch(() => loaded.delete(url.href));
  return loading;
}
