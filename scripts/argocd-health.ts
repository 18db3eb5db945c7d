// Runs the Argo CD health checks of health/argocd/<Kind>.lua on objects, the way Argo CD does: the
// object, converted to Lua tables, is the global `obj`; the script returns { status, message }.
// The VM is the reference Lua (5.4, compiled to WebAssembly by wasmoon); the scripts keep to Lua 5.1.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LuaFactory } from 'wasmoon';
import type { Kind } from '../src/api/index.js';
import { ROOT } from './go-tools.js';

export const ARGOCD_HEALTH_DIR = join(ROOT, 'health', 'argocd');

/** Argo CD's health statuses (gitops-engine health.HealthStatusCode). */
export const ArgoHealthStatus = {
  Healthy: 'Healthy',
  Progressing: 'Progressing',
  Degraded: 'Degraded',
  Suspended: 'Suspended',
  Missing: 'Missing',
  Unknown: 'Unknown',
} as const;
export type ArgoHealthStatus = (typeof ArgoHealthStatus)[keyof typeof ArgoHealthStatus];

export interface ArgoHealth {
  status: ArgoHealthStatus;
  message: string;
}

export function healthScript(kind: Kind): string {
  return readFileSync(join(ARGOCD_HEALTH_DIR, `${kind}.lua`), 'utf8');
}

const factory = new LuaFactory();

/** Runs the kind's health script on `obj` (plain JSON, as read from the API server) in a fresh VM. */
export async function argoHealth(kind: Kind, obj: unknown): Promise<ArgoHealth> {
  // enableProxy: false turns objects and arrays into real Lua tables (1-based arrays), as Argo CD does.
  const lua = await factory.createEngine({ enableProxy: false });
  try {
    // JSON round trip: only JSON values reach Lua (no undefined, no class instances such as Date).
    lua.global.set('obj', JSON.parse(JSON.stringify(obj)) as unknown);
    const result = (await lua.doString(healthScript(kind))) as Partial<ArgoHealth> | undefined;
    const status = result?.status;
    if (!status || !Object.values<string>(ArgoHealthStatus).includes(status)) {
      throw new Error(`${kind}.lua returned no valid health status: ${JSON.stringify(result)}`);
    }
    return { status, message: result.message ?? '' };
  } finally {
    lua.global.close();
  }
}
