// A tiny detached shell loop per owner process: once the owner is gone, however it died (SIGKILL, OOM, a
// test sandbox whose `process` events never fire), it deletes the clusters that owner left running.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive, processIdentity } from './process-table.js';
import type { ProcessIdentity } from './process-table.js';

// $1 owner pid, $2 kwokctl work directory, $3 binary directory, $4 this watchdog's pid file.
const WATCHDOG_SCRIPT = `
owner="$1"; workdir="$2"; bindir="$3"; pidfile="$4"
# GNU tail waits for the pid without forking a sleep every second; the loop is the portable fallback.
tail --pid="$owner" -f /dev/null 2>/dev/null || while kill -0 "$owner" 2>/dev/null; do sleep 1; done
for record in "$workdir"/owners/*.json; do
  [ -e "$record" ] || continue
  grep -qE "\\"pid\\": $owner(,|$)" "$record" || continue
  grep -q '"isDetached": true' "$record" && continue
  name="$(basename "$record" .json)"
  KWOK_WORKDIR="$workdir" "$bindir/kwokctl" delete cluster --name "$name" \\
    --kubeconfig "$workdir/kubeconfigs/$name.yaml" >/dev/null 2>&1
  # Left in place when the directory survived: the next start's reaper finishes the job.
  [ -e "$workdir/clusters/$name" ] || rm -f "$record" "$workdir/kubeconfigs/$name.yaml"
done
rm -f "$pidfile"
`;

function watchdogPidPath(workdir: string, ownerPid: number): string {
  return join(workdir, 'watchdogs', `${ownerPid}.json`);
}

function isWatchdogRunning(path: string): boolean {
  try {
    const watchdog = JSON.parse(readFileSync(path, 'utf8')) as ProcessIdentity;
    return isProcessAlive(watchdog);
  } catch {
    return false;
  }
}

/** Makes sure a watchdog guards the owner's (default: this process's) clusters in `workdir`. Idempotent. */
export function ensureOwnerWatchdog(input: { workdir: string; binDir: string; ownerPid?: number }): void {
  const ownerPid = input.ownerPid ?? process.pid;
  const path = watchdogPidPath(input.workdir, ownerPid);
  if (isWatchdogRunning(path)) return;
  mkdirSync(join(input.workdir, 'watchdogs'), { recursive: true });
  const child = spawn(
    'bash',
    ['-c', WATCHDOG_SCRIPT, 'aks-lo-owner-watchdog', String(ownerPid), input.workdir, input.binDir, path],
    // Its own session: Ctrl-C on the owner's terminal must not take the watchdog down with it.
    { detached: true, stdio: 'ignore' },
  );
  child.unref();
  if (child.pid === undefined) throw new Error('cannot start the cluster watchdog: bash did not start');
  writeFileSync(path, JSON.stringify(processIdentity(child.pid)));
}
