// Resident memory of a process as the kernel counts it, from /proc/<pid>/status.
import { readFile } from 'node:fs/promises';

async function statusField(pid: number | 'self', field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
  if (!kib) throw new Error(`no ${field} for process ${pid}`);
  return Number(kib) * 1024;
}

/** VmHWM: the most resident memory the process ever had. */
export const peakRssBytes = (pid: number | 'self'): Promise<number> => statusField(pid, 'VmHWM');

export const rssBytes = (pid: number | 'self'): Promise<number> => statusField(pid, 'VmRSS');
