// Owner records: which process started which cluster, kept beside kwokctl's work directory so a later run
// can tell a cluster whose owner crashed (and reap it) from one another live process is using.
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessAlive } from './process-table.js';
import type { ProcessIdentity } from './process-table.js';
import { clusterPaths, ownersDir } from './paths.js';

export interface OwnerRecord {
  name: string;
  owner: ProcessIdentity;
  createdAt: string;
  /** Free text for people reading the file: who wanted the cluster. */
  purpose: string;
  /** Outlives its starter (local mode); only an explicit stop removes it. */
  isDetached?: boolean;
}

export async function writeOwnerRecord(workdir: string, record: OwnerRecord): Promise<void> {
  const path = clusterPaths(workdir, record.name).ownerPath;
  await mkdir(ownersDir(workdir), { recursive: true });
  await writeFile(`${path}.tmp`, JSON.stringify(record, null, 2));
  await rename(`${path}.tmp`, path);
}

export async function removeOwnerRecord(workdir: string, name: string): Promise<void> {
  await rm(clusterPaths(workdir, name).ownerPath, { force: true });
}

function parseOwnerRecord(text: string): OwnerRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<OwnerRecord>;
    if (typeof value.name !== 'string' || typeof value.owner?.pid !== 'number') return undefined;
    return value as OwnerRecord;
  } catch {
    return undefined;
  }
}

/** All owner records in a work directory; unreadable ones come back as owner-less so they get reaped. */
export async function listOwnerRecords(workdir: string): Promise<OwnerRecord[]> {
  let entries: string[];
  try {
    entries = await readdir(ownersDir(workdir));
  } catch (err: unknown) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const records: OwnerRecord[] = [];
  for (const entry of entries.filter((e) => e.endsWith('.json'))) {
    const name = entry.slice(0, -'.json'.length);
    const text = await readFile(join(ownersDir(workdir), entry), 'utf8').catch(() => '');
    records.push(
      parseOwnerRecord(text) ?? { name, owner: { pid: 0 }, createdAt: '', purpose: 'unreadable record' },
    );
  }
  return records;
}

/** Records whose owner process no longer runs; detached clusters never go stale. */
export function staleOwnerRecords(
  records: OwnerRecord[],
  isAlive: (owner: ProcessIdentity) => boolean = isProcessAlive,
): OwnerRecord[] {
  return records.filter((record) => !record.isDetached && !isAlive(record.owner));
}
