// Node image releases: one image per OS SKU per cadence (weekly by default), named as AKS names them
// (`AKSUbuntu-2204gen2containerd-202611.01.0`). Newer images appear as simulated time passes.

export interface NodeImageSchedule {
  /** Simulated time of the first release (ms since epoch). */
  firstReleaseMs: number;
  cadenceDays: number;
}

const DAY_MS = 24 * 3600 * 1000;

const IMAGE_PREFIX: Record<string, string> = {
  ubuntu: 'AKSUbuntu-2204gen2containerd',
  ubuntu2204: 'AKSUbuntu-2204gen2containerd',
  ubuntu2404: 'AKSUbuntu-2404gen2containerd',
  azurelinux: 'AKSAzureLinux-V3gen2',
  azurelinux3: 'AKSAzureLinux-V3gen2',
  cblmariner: 'AKSCBLMariner-V2gen2',
  windows2019: 'AKSWindows-2019-containerd',
  windows2022: 'AKSWindows-2022-containerd',
  windows2025: 'AKSWindows-2025-containerd',
};

export function imagePrefix(osSku: string | undefined, osType: string | undefined): string {
  const key = (osSku ?? (osType?.toLowerCase() === 'windows' ? 'windows2022' : 'ubuntu')).toLowerCase();
  return IMAGE_PREFIX[key] ?? IMAGE_PREFIX.ubuntu!;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `202611.01.0` for a release on 2026-11-01. */
export function imageDateTag(releaseMs: number): string {
  const d = new Date(releaseMs);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}.${pad(d.getUTCDate())}.0`;
}

export class NodeImageCatalogue {
  constructor(private readonly schedule: NodeImageSchedule) {}

  /** Release times up to `nowMs`, oldest first (at least the first release). */
  releases(nowMs: number): number[] {
    const { firstReleaseMs, cadenceDays } = this.schedule;
    const count = Math.max(1, Math.floor((nowMs - firstReleaseMs) / (cadenceDays * DAY_MS)) + 1);
    return Array.from({ length: count }, (_, i) => firstReleaseMs + i * cadenceDays * DAY_MS);
  }

  latest(osSku: string | undefined, osType: string | undefined, nowMs: number): string {
    const last = this.releases(nowMs).at(-1)!;
    return `${imagePrefix(osSku, osType)}-${imageDateTag(last)}`;
  }
}

/** Orders image versions of one prefix by their date tag; different prefixes compare by name. */
export function compareImages(a: string, b: string): number {
  const ta = /(\d{6})\.(\d{2})\.(\d+)$/.exec(a);
  const tb = /(\d{6})\.(\d{2})\.(\d+)$/.exec(b);
  if (!ta || !tb) return a.localeCompare(b);
  return Number(ta[1]) - Number(tb[1]) || Number(ta[2]) - Number(tb[2]) || Number(ta[3]) - Number(tb[3]);
}
