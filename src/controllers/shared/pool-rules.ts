// AKS rules about an agent pool that the operator checks before any call, shared by NodePool and the
// System pool of a ManagedCluster: an ephemeral OS disk must fit the VM cache, System nodes need
// 2 vCPUs and 4 GiB.
import { NodePoolReason } from '../../api/index.js';
import type { SpecProblem } from './spec-problem.js';
import {
  DEFAULT_OS_DISK_SIZE_GB,
  SYSTEM_POOL_MIN_MEMORY_GIB,
  SYSTEM_POOL_MIN_VCPUS,
  vmSizeFacts,
} from './vm-sizes.js';

export interface PoolShapeInput {
  vmSize: string;
  osDiskType?: string;
  osDiskSizeGB?: number;
  mode: string;
  /** Prefix of field paths in messages: `spec` or `spec.systemPool`. */
  fieldPrefix: string;
}

/** VMCacheSizeTooSmall when an Ephemeral OS disk does not fit the VM size's cache. */
export function checkEphemeralOsDisk(pool: PoolShapeInput): SpecProblem | undefined {
  if (pool.osDiskType !== 'Ephemeral') return undefined;
  const facts = vmSizeFacts(pool.vmSize);
  if (!facts) return undefined;
  const size = pool.osDiskSizeGB ?? DEFAULT_OS_DISK_SIZE_GB;
  if (facts.cacheGiB >= size) return undefined;
  const sizeText =
    pool.osDiskSizeGB === undefined ? `the default OS disk is ${size} GiB` : `osDiskSizeGB is ${size}`;
  const cacheText =
    facts.cacheGiB === 0 ? 'has no cache for an ephemeral OS disk' : `caches ${facts.cacheGiB} GiB`;
  return {
    reason: NodePoolReason.VMCacheSizeTooSmall,
    field: `${pool.fieldPrefix}.osDiskSizeGB`,
    message:
      `${pool.vmSize} ${cacheText} but ${sizeText}; lower osDiskSizeGB, pick a VM size with a larger cache, ` +
      'or set osDiskType: Managed',
  };
}

/** SystemPoolVMSizeTooSmall when a System pool's VM size is below what AKS requires. */
export function checkSystemPoolVmSize(pool: PoolShapeInput): SpecProblem | undefined {
  if (pool.mode !== 'System') return undefined;
  const facts = vmSizeFacts(pool.vmSize);
  if (!facts) return undefined;
  if (facts.vCpus >= SYSTEM_POOL_MIN_VCPUS && facts.memoryGiB >= SYSTEM_POOL_MIN_MEMORY_GIB) return undefined;
  return {
    reason: NodePoolReason.SystemPoolVMSizeTooSmall,
    field: `${pool.fieldPrefix}.vmSize`,
    message:
      `${pool.vmSize} has ${facts.vCpus} vCPU and ${facts.memoryGiB} GiB; System pools need at least ` +
      `${SYSTEM_POOL_MIN_VCPUS} vCPUs and ${SYSTEM_POOL_MIN_MEMORY_GIB} GiB of memory: pick a larger VM size or set mode: User`,
  };
}

/** The first problem of a pool's shape, if any. */
export function checkPoolShape(pool: PoolShapeInput): SpecProblem | undefined {
  return checkEphemeralOsDisk(pool) ?? checkSystemPoolVmSize(pool);
}
