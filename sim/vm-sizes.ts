// VM size catalogue: what AKS rules need to know about a size (vCPUs for quota, the quota family,
// the cache that holds an ephemeral OS disk, data disk slots). Cache sizes are in GiB.

export interface VmSize {
  name: string;
  vCpus: number;
  memoryGiB: number;
  /** Compute quota family, as in `Microsoft.Compute/locations/{l}/usages` (`standardDSv3Family`). */
  family: string;
  /** Cache (or resource disk) that can hold an ephemeral OS disk; 0 when the size has none. */
  cacheGiB: number;
  maxDataDisks: number;
  /** Compute capability EncryptionAtHostSupported. */
  encryptionAtHost: boolean;
}

function size(
  name: string,
  vCpus: number,
  memoryGiB: number,
  family: string,
  cacheGiB: number,
  maxDataDisks: number,
  { encryptionAtHost = true }: { encryptionAtHost?: boolean } = {},
): VmSize {
  return { name, vCpus, memoryGiB, family, cacheGiB, maxDataDisks, encryptionAtHost };
}

export const DEFAULT_VM_SIZES: VmSize[] = [
  // Without premium storage: no ephemeral OS disk and no encryption at host.
  size('Standard_D2_v2', 2, 7, 'standardDv2Family', 0, 8, { encryptionAtHost: false }),
  size('Standard_DS1_v2', 1, 3.5, 'standardDSv2Family', 43, 4),
  size('Standard_DS2_v2', 2, 7, 'standardDSv2Family', 86, 8),
  size('Standard_DS3_v2', 4, 14, 'standardDSv2Family', 172, 16),
  size('Standard_DS4_v2', 8, 28, 'standardDSv2Family', 344, 32),
  size('Standard_D2s_v3', 2, 8, 'standardDSv3Family', 50, 4),
  size('Standard_D4s_v3', 4, 16, 'standardDSv3Family', 100, 8),
  size('Standard_D8s_v3', 8, 32, 'standardDSv3Family', 200, 16),
  size('Standard_D16s_v3', 16, 64, 'standardDSv3Family', 400, 32),
  size('Standard_D2s_v5', 2, 8, 'standardDSv5Family', 0, 4),
  size('Standard_D4s_v5', 4, 16, 'standardDSv5Family', 0, 8),
  size('Standard_D8s_v5', 8, 32, 'standardDSv5Family', 0, 16),
  size('Standard_D2ds_v5', 2, 8, 'standardDDSv5Family', 75, 4),
  size('Standard_D4ds_v5', 4, 16, 'standardDDSv5Family', 150, 8),
  size('Standard_D8ds_v5', 8, 32, 'standardDDSv5Family', 300, 16),
  size('Standard_D16ds_v5', 16, 64, 'standardDDSv5Family', 600, 32),
  size('Standard_E2s_v3', 2, 16, 'standardESv3Family', 50, 4),
  size('Standard_E4s_v3', 4, 32, 'standardESv3Family', 100, 8),
  size('Standard_E8s_v3', 8, 64, 'standardESv3Family', 200, 16),
  size('Standard_B2s', 2, 4, 'standardBSFamily', 0, 4),
  size('Standard_B2ms', 2, 8, 'standardBSFamily', 0, 4),
  size('Standard_B4ms', 4, 16, 'standardBSFamily', 0, 8),
  size('Standard_F4s_v2', 4, 8, 'standardFSv2Family', 64, 8),
  size('Standard_F8s_v2', 8, 16, 'standardFSv2Family', 128, 16),
  size('Standard_F16s_v2', 16, 32, 'standardFSv2Family', 256, 32),
  size('Standard_NC6s_v3', 6, 112, 'standardNCSv3Family', 336, 12),
  size('Standard_NC24ads_A100_v4', 24, 220, 'standardNCADSA100v4Family', 0, 8),
];

export const GIB = 1024 ** 3;

export class VmSizeCatalogue {
  private readonly byName = new Map<string, VmSize>();
  constructor(sizes: VmSize[] = DEFAULT_VM_SIZES) {
    for (const s of sizes) this.byName.set(s.name.toLowerCase(), s);
  }
  get(name: string): VmSize | undefined {
    return this.byName.get(name.toLowerCase());
  }
  all(): VmSize[] {
    return [...this.byName.values()];
  }
}

/** Whether an ephemeral OS disk of `osDiskSizeGB` fits the size's cache. */
export function ephemeralFits(vm: VmSize, osDiskSizeGB: number): boolean {
  return vm.cacheGiB * GIB >= osDiskSizeGB * GIB;
}
