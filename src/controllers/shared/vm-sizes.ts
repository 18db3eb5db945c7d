// What the operator knows of Azure VM sizes, for checks made before any Azure call: the cache that can
// hold an ephemeral OS disk, and the vCPUs and memory AKS requires of System pool nodes.
// Figures are Azure's published ones (cache in GiB). Unknown sizes are left for Azure to judge.

export interface VmSizeFacts {
  vCpus: number;
  memoryGiB: number;
  /** Cache that can hold an ephemeral OS disk, in GiB; 0 when the size has none. */
  cacheGiB: number;
}

const fact = (vCpus: number, memoryGiB: number, cacheGiB: number): VmSizeFacts => ({
  vCpus,
  memoryGiB,
  cacheGiB,
});

const SIZES: Record<string, VmSizeFacts> = {
  standard_b1s: fact(1, 1, 0),
  standard_b1ms: fact(1, 2, 0),
  standard_b2s: fact(2, 4, 0),
  standard_b2ms: fact(2, 8, 0),
  standard_b4ms: fact(4, 16, 0),
  standard_a2_v2: fact(2, 4, 0),
  standard_ds1_v2: fact(1, 3.5, 43),
  standard_ds2_v2: fact(2, 7, 86),
  standard_ds3_v2: fact(4, 14, 172),
  standard_ds4_v2: fact(8, 28, 344),
  standard_ds5_v2: fact(16, 56, 688),
  standard_d2s_v3: fact(2, 8, 50),
  standard_d4s_v3: fact(4, 16, 100),
  standard_d8s_v3: fact(8, 32, 200),
  standard_d16s_v3: fact(16, 64, 400),
  standard_d32s_v3: fact(32, 128, 800),
  standard_d2s_v5: fact(2, 8, 0),
  standard_d4s_v5: fact(4, 16, 0),
  standard_d8s_v5: fact(8, 32, 0),
  standard_d16s_v5: fact(16, 64, 0),
  standard_d2ds_v5: fact(2, 8, 75),
  standard_d4ds_v5: fact(4, 16, 150),
  standard_d8ds_v5: fact(8, 32, 300),
  standard_d16ds_v5: fact(16, 64, 600),
  standard_e2s_v3: fact(2, 16, 50),
  standard_e4s_v3: fact(4, 32, 100),
  standard_e8s_v3: fact(8, 64, 200),
  standard_f2s_v2: fact(2, 4, 32),
  standard_f4s_v2: fact(4, 8, 64),
  standard_f8s_v2: fact(8, 16, 128),
  standard_f16s_v2: fact(16, 32, 256),
  standard_nc6s_v3: fact(6, 112, 336),
};

/** Facts about `vmSize` (case-insensitive), or undefined when the operator does not know it. */
export function vmSizeFacts(vmSize: string): VmSizeFacts | undefined {
  return SIZES[vmSize.toLowerCase()];
}

/** OS disk size AKS uses when osDiskSizeGB is omitted. */
export const DEFAULT_OS_DISK_SIZE_GB = 128;

/** AKS requires System pool nodes of at least 2 vCPUs and 4 GiB of memory. */
export const SYSTEM_POOL_MIN_VCPUS = 2;
export const SYSTEM_POOL_MIN_MEMORY_GIB = 4;
