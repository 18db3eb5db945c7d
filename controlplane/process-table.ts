// Reads the Linux process table (/proc): liveness that survives pid reuse, processes of a cluster, their memory.
import { readFileSync, readdirSync } from 'node:fs';

/** A process named by pid and kernel start time, so a reused pid is not mistaken for its predecessor. */
export interface ProcessIdentity {
  pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks since boot); absent when it could not be read. */
  startTime?: string;
}

interface ProcStat {
  state: string;
  ppid: number;
  startTime: string;
}

/** Parses /proc/<pid>/stat; the command name is in parentheses and may itself contain spaces or ')'. */
export function parseProcStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = text
    .slice(close + 2)
    .trim()
    .split(' ');
  // fields[0] is field 3 (state); field N sits at index N - 3.
  const state = fields[0];
  const ppid = fields[1];
  const startTime = fields[19];
  if (state === undefined || ppid === undefined || startTime === undefined) return undefined;
  return { state, ppid: Number(ppid), startTime };
}

function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // the process is gone
  }
}

export function processIdentity(pid: number = process.pid): ProcessIdentity {
  const stat = readProcStat(pid);
  return stat ? { pid, startTime: stat.startTime } : { pid };
}

/** True while the process runs; a zombie (exited, not yet reaped) counts as gone. */
export function isProcessAlive(id: ProcessIdentity): boolean {
  if (!Number.isInteger(id.pid) || id.pid <= 0) return false;
  const stat = readProcStat(id.pid);
  if (!stat || stat.state === 'Z' || stat.state === 'X') return false;
  return id.startTime === undefined || id.startTime === stat.startTime;
}

function readCmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

function listPids(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/** A live process whose command line mentions a path inside `dir`. */
export interface DirProcess {
  pid: number;
  /** Base name of the executable, e.g. `kube-apiserver`. */
  command: string;
}

/** Live processes whose executable or arguments lie inside `dir` (kwokctl runs a cluster's copies of the binaries). */
export function findProcessesUnder(dir: string): DirProcess[] {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  const found: DirProcess[] = [];
  for (const pid of listPids()) {
    if (pid === process.pid) continue;
    const argv = readCmdline(pid);
    if (!argv.some((arg) => arg.startsWith(prefix) || arg.includes(`=${prefix}`))) continue;
    if (!isProcessAlive({ pid })) continue;
    found.push({ pid, command: (argv[0] ?? '').split('/').pop() ?? '' });
  }
  return found;
}

/** Resident set size in bytes (VmRSS), or 0 when the process is gone. */
export function readRssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Sends a signal, ignoring a process that has already gone. */
export function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (err: unknown) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
