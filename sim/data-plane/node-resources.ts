// What a node of a VM size offers the scheduler: capacity from the size's vCPUs and memory, allocatable
// after the reservations AKS makes for the kubelet and the eviction threshold.

export interface VmResources {
  vCpus: number;
  memoryGiB: number;
}

export interface NodeResources {
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
}

/** Sizes seen most in AKS pools; others are derived from the name's family and vCPU count. */
const VM_SIZES: Record<string, VmResources> = {
  standard_a2_v2: { vCpus: 2, memoryGiB: 4 },
  standard_a4_v2: { vCpus: 4, memoryGiB: 8 },
  standard_b2s: { vCpus: 2, memoryGiB: 4 },
  standard_b2ms: { vCpus: 2, memoryGiB: 8 },
  standard_b4ms: { vCpus: 4, memoryGiB: 16 },
  standard_b8ms: { vCpus: 8, memoryGiB: 32 },
  standard_d2_v2: { vCpus: 2, memoryGiB: 7 },
  standard_ds2_v2: { vCpus: 2, memoryGiB: 7 },
  standard_ds3_v2: { vCpus: 4, memoryGiB: 14 },
  standard_ds4_v2: { vCpus: 8, memoryGiB: 28 },
  standard_ds5_v2: { vCpus: 16, memoryGiB: 56 },
};

/** GiB of memory per vCPU by family letter, for sizes outside the table (D: general, E: memory, F: compute). */
const GIB_PER_VCPU: Record<string, number> = { a: 2, b: 4, d: 4, e: 8, f: 2, l: 8, m: 28, n: 7 };

export const DEFAULT_VM_RESOURCES: VmResources = { vCpus: 2, memoryGiB: 8 };

export function vmResources(vmSize: string): VmResources {
  const key = vmSize.toLowerCase();
  const known = VM_SIZES[key];
  if (known) return known;
  // Standard_<family letters><vCPUs><feature letters>[_v<n>], e.g. Standard_D4ds_v5, Standard_E16as_v4.
  const match = /^standard_([a-z]+?)(\d+)[a-z]*(?:_v\d+)?$/.exec(key);
  if (!match) return DEFAULT_VM_RESOURCES;
  const family = match[1] ?? '';
  const vCpus = Number(match[2]);
  const perCpu = GIB_PER_VCPU[family.charAt(0)];
  if (!perCpu || vCpus <= 0) return DEFAULT_VM_RESOURCES;
  return { vCpus, memoryGiB: vCpus * perCpu };
}

/** kube-reserved CPU AKS sets by core count (millicores). */
function reservedCpuMillis(vCpus: number): number {
  if (vCpus <= 1) return 60;
  if (vCpus <= 2) return 100;
  if (vCpus <= 4) return 140;
  if (vCpus <= 8) return 180;
  if (vCpus <= 16) return 260;
  if (vCpus <= 32) return 420;
  return 740;
}

/** Memory reserved since AKS 1.29: 20 MiB per allowed pod + 50 MiB, plus the 100 MiB eviction threshold. */
function reservedMemoryMiB(maxPods: number): number {
  return 20 * maxPods + 50 + 100;
}

const EPHEMERAL_STORAGE_KI = 128 * 1024 * 1024;

export function nodeResources(options: { vmSize: string; maxPods: number }): NodeResources {
  const { vCpus, memoryGiB } = vmResources(options.vmSize);
  const memoryMiB = Math.round(memoryGiB * 1024);
  const pods = String(options.maxPods > 0 ? options.maxPods : 110);
  return {
    capacity: {
      cpu: String(vCpus),
      memory: `${memoryMiB}Mi`,
      pods,
      'ephemeral-storage': `${EPHEMERAL_STORAGE_KI}Ki`,
    },
    allocatable: {
      cpu: `${vCpus * 1000 - reservedCpuMillis(vCpus)}m`,
      memory: `${Math.max(memoryMiB - reservedMemoryMiB(Number(pods)), 256)}Mi`,
      pods,
      'ephemeral-storage': `${Math.floor(EPHEMERAL_STORAGE_KI * 0.9)}Ki`,
    },
  };
}
