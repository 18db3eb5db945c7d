// kstatus's verdict on objects, computed by the real library (github.com/fluxcd/cli-utils, the kstatus Flux
// uses) through the small CLI in controlplane/kstatus: one JSON object per line in, one verdict per line out.
import { execFile } from 'node:child_process';
import { ensureTool } from './go-tools.js';

/** kstatus's statuses (status.Status). */
export const KstatusStatus = {
  InProgress: 'InProgress',
  Failed: 'Failed',
  Current: 'Current',
  Terminating: 'Terminating',
  NotFound: 'NotFound',
  Unknown: 'Unknown',
} as const;
export type KstatusStatus = (typeof KstatusStatus)[keyof typeof KstatusStatus];

export interface KstatusVerdict {
  status: KstatusStatus;
  message: string;
}

interface RawVerdict {
  status?: KstatusStatus;
  message?: string;
  error?: string;
}

/** status.Compute for each object, in order. Throws when kstatus cannot read an object. */
export async function kstatus(objects: readonly unknown[]): Promise<KstatusVerdict[]> {
  const binary = await ensureTool('kstatus');
  const input = objects.map((o) => JSON.stringify(o)).join('\n') + '\n';
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = execFile(binary, [], { timeout: 30_000, maxBuffer: 16 << 20 }, (err, out, stderr) => {
      if (err) reject(new Error(`kstatus failed: ${stderr || err.message}`, { cause: err }));
      else resolve(out);
    });
    child.stdin?.end(input);
  });
  const verdicts = stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as RawVerdict);
  if (verdicts.length !== objects.length) {
    throw new Error(`kstatus answered ${verdicts.length} verdicts for ${objects.length} objects`);
  }
  return verdicts.map((v, i) => {
    if (v.error || !v.status)
      throw new Error(`kstatus cannot compute object ${i}: ${v.error ?? 'no status'}`);
    return { status: v.status, message: v.message ?? '' };
  });
}
