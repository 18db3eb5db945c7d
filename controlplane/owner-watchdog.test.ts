import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOwnerRecord } from './cluster-owners.js';
import { clusterPaths } from './paths.js';
import { ensureOwnerWatchdog } from './owner-watchdog.js';

// A stand-in kwokctl: `delete cluster --name N` removes the cluster directory, as the real one does.
const FAKE_KWOKCTL = `#!/usr/bin/env bash
while [ $# -gt 0 ]; do [ "$1" = --name ] && name="$2"; shift; done
rm -rf "$KWOK_WORKDIR/clusters/$name"
`;

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return check();
}

describe('owner watchdog', () => {
  let workdir: string;
  beforeEach(async () => {
    workdir = await mkdtemp(join(tmpdir(), 'watchdog-'));
    await mkdir(join(workdir, 'bin'));
    await writeFile(join(workdir, 'bin', 'kwokctl'), FAKE_KWOKCTL);
    await chmod(join(workdir, 'bin', 'kwokctl'), 0o755);
  });
  afterEach(() => rm(workdir, { recursive: true, force: true }));

  it("deletes the clusters of an owner that died, and only that owner's attached clusters", async () => {
    const owner = spawn('sleep', ['60']);
    const ownerPid = owner.pid ?? 0;
    const other = process.pid;
    const record = (name: string, pid: number, isDetached = false) =>
      writeOwnerRecord(workdir, { name, owner: { pid }, createdAt: '', purpose: 'test', isDetached });
    for (const name of ['orphaned', 'detached', 'someone-else']) {
      await mkdir(clusterPaths(workdir, name).clusterDir, { recursive: true });
    }
    await record('orphaned', ownerPid);
    await record('detached', ownerPid, true);
    await record('someone-else', other);
    ensureOwnerWatchdog({ workdir, binDir: join(workdir, 'bin'), ownerPid });
    owner.kill('SIGKILL');

    const orphan = clusterPaths(workdir, 'orphaned');
    expect(await until(() => !existsSync(orphan.ownerPath), 10_000)).toBe(true);
    expect(existsSync(orphan.clusterDir)).toBe(false);
    expect(existsSync(clusterPaths(workdir, 'detached').clusterDir)).toBe(true);
    expect(existsSync(clusterPaths(workdir, 'someone-else').clusterDir)).toBe(true);
    expect(existsSync(clusterPaths(workdir, 'someone-else').ownerPath)).toBe(true);
  });
});
