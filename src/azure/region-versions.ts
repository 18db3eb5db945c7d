// The Kubernetes versions AKS offers in a region, read once per (subscription, region) and shared by
// every object and controller of the process for a while: the list is the same for every cluster there,
// so a fleet in one region costs one read, not one per cluster.
import type * as Arm from '@azure/arm-containerservice';
import { awaitOutside } from '../runtime/index.js';
import type { ManagedClustersArm } from './managed-clusters.js';

/** How long a region's list answers: AKS adds or retires versions a few times a month. */
export const REGION_VERSIONS_TTL_MS = 10 * 60_000;

export interface RegionScope {
  subscriptionId: string;
  location: string;
}

/** The region versions as one identity reads them (through the shared cache). */
export interface RegionVersionsArm {
  /** Every minor AKS offers in the region, with its patches and their upgrades. Read-only. */
  offered(scope: RegionScope, signal?: AbortSignal): Promise<Arm.KubernetesVersion[]>;
}

type Reader = Pick<ManagedClustersArm, 'listKubernetesVersions'>;

/** Who reads a region's list on a miss, and on which clock its age is told. */
export interface RegionVersionsBinding {
  reader: Reader;
  now: () => number;
}

/** Region lists kept per (subscription, location); callers asking while one is read share that read. */
export class RegionVersionsCache {
  private readonly kept = new Map<string, { atMs: number; versions: Arm.KubernetesVersion[] }>();
  private readonly reading = new Map<string, Promise<Arm.KubernetesVersion[]>>();
  private readonly ttlMs: number;

  constructor(options: { ttlMs?: number } = {}) {
    this.ttlMs = options.ttlMs ?? REGION_VERSIONS_TTL_MS;
  }

  /** The accessor of one identity over this cache. */
  bind(binding: RegionVersionsBinding): RegionVersionsArm {
    return { offered: (scope, signal) => this.offered(binding, scope, signal) };
  }

  private async offered(
    { reader, now }: RegionVersionsBinding,
    scope: RegionScope,
    signal?: AbortSignal,
  ): Promise<Arm.KubernetesVersion[]> {
    const location = normalLocation(scope.location);
    const key = `${scope.subscriptionId.toLowerCase()}/${location}`;
    const hit = this.kept.get(key);
    if (hit && now() - hit.atMs < this.ttlMs) return hit.versions;
    let reading = this.reading.get(key);
    if (!reading) {
      const atMs = now();
      reading = reader
        .listKubernetesVersions({ subscriptionId: scope.subscriptionId, location }, signal)
        .then((versions) => {
          // A failed read keeps nothing: the next caller reads again.
          this.kept.set(key, { atMs, versions });
          return versions;
        })
        .finally(() => this.reading.delete(key));
      this.reading.set(key, reading);
    }
    // Waiting for a read another reconcile started is waiting on ARM, not this reconcile's own work.
    const shared = reading;
    return awaitOutside(() => shared);
  }
}

/** ARM's short form of a location: `West Europe` → `westeurope`. */
function normalLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

/**
 * The versions a control plane running `from` may upgrade to, as the region's list names them;
 * undefined when the region no longer lists `from` (only the cluster's upgrade profile knows then).
 */
export function upgradesFrom(offered: readonly Arm.KubernetesVersion[], from: string): string[] | undefined {
  for (const minor of offered) {
    const patch = minor.patchVersions?.[from];
    if (patch) return [...(patch.upgrades ?? [])];
  }
  return undefined;
}

/** Every patch the region offers. */
export function offeredPatches(offered: readonly Arm.KubernetesVersion[]): string[] {
  return offered.flatMap((v) => Object.keys(v.patchVersions ?? {}));
}
