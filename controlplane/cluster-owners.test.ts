import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  listOwnerRecords,
  removeOwnerRecord,
  staleOwnerRecords,
  writeOwnerRecord,
} from './cluster-owners.js';
import type { OwnerRecord } from './cluster-owners.js';
import { ownersDir } from './paths.js';

const owned = (name: string, pid: number, extra: Partial<OwnerRecord> = {}): OwnerRecord => ({
  name,
  owner: { pid },
  createdAt: '2025-01-01T00:00:00Z',
  purpose: 'test',
  ...extra,
});

describe('staleOwnerRecords', () => {
  const isAlive = (o: { pid: number }) => o.pid === 1;
  it.each([
    ['keeps a cluster whose owner lives', owned('a', 1), false],
    ['reaps a cluster whose owner died', owned('b', 2), true],
    ['never reaps a detached cluster', owned('c', 2, { isDetached: true }), false],
  ])('%s', (_name, record, isStale) => {
    expect(staleOwnerRecords([record], isAlive)).toEqual(isStale ? [record] : []);
  });
});

describe('owner records on disk', () => {
  let workdir: string;
  beforeEach(async () => {
    workdir = await mkdtemp(join(tmpdir(), 'owners-'));
  });
  afterEach(() => rm(workdir, { recursive: true, force: true }));

  it('round-trips, lists unreadable records as owner-less (so they are reaped), and removes', async () => {
    await writeOwnerRecord(workdir, owned('alive', process.pid));
    await writeFile(join(ownersDir(workdir), 'garbled.json'), '{not json');
    const listed = await listOwnerRecords(workdir);
    expect(listed.map((r) => [r.name, r.owner.pid]).sort()).toEqual([
      ['alive', process.pid],
      ['garbled', 0],
    ]);
    expect(staleOwnerRecords(listed).map((r) => r.name)).toEqual(['garbled']);
    await removeOwnerRecord(workdir, 'alive');
    expect((await listOwnerRecords(workdir)).map((r) => r.name)).toEqual(['garbled']);
  });

  it('lists nothing in a fresh work directory', async () => {
    await expect(listOwnerRecords(join(workdir, 'never-used'))).resolves.toEqual([]);
  });
});
