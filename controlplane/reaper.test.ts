import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listOwnerRecords, writeOwnerRecord } from './cluster-owners.js';
import { clusterPaths } from './paths.js';
import { isProcessAlive, processIdentity } from './process-table.js';
import { reapStaleClusters } from './reaper.js';

describe('reapStaleClusters', () => {
  let workdir: string;
  beforeEach(async () => {
    workdir = await mkdtemp(join(tmpdir(), 'reaper-'));
  });
  afterEach(() => rm(workdir, { recursive: true, force: true }));

  const record = (name: string, pid: number) => ({ name, owner: { pid }, createdAt: '', purpose: 'test' });

  it('removes clusters of dead owners, kills their leftover processes, and keeps the living ones', async () => {
    const deadDir = clusterPaths(workdir, 'dead-owner').clusterDir;
    await mkdir(deadDir, { recursive: true });
    // A process of the dead owner's cluster that kwokctl no longer knows about (it runs from the cluster dir).
    const leftover = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', join(deadDir, 'marker')]);
    const leftoverId = processIdentity(leftover.pid);
    await writeOwnerRecord(workdir, record('dead-owner', 2 ** 22 + 1));
    await writeOwnerRecord(workdir, { ...record('alive-owner', process.pid), owner: processIdentity() });
    try {
      const reaped = await reapStaleClusters({ workdir, binDir: join(workdir, 'no-binaries') });
      expect(reaped).toEqual(['dead-owner']);
      expect(isProcessAlive(leftoverId)).toBe(false);
      expect(existsSync(deadDir)).toBe(false);
      expect((await listOwnerRecords(workdir)).map((r) => r.name)).toEqual(['alive-owner']);
    } finally {
      leftover.kill('SIGKILL');
    }
  });
});
