// What prices a pool, from the fields a NodePool spec and an ARM agent pool profile share (same names):
// VM size, OS (Windows by osType or a Windows osSKU), spot or regular priority, OS disk type and size.
import { VmOs, VmPriority } from './price-pick.js';
import type { PoolShape } from './cost-rates.js';

export interface PoolFields {
  vmSize?: string;
  osType?: string;
  osSKU?: string;
  scaleSetPriority?: string;
  osDiskType?: string;
  osDiskSizeGB?: number;
}

/** The shape to price `nodes` nodes of a pool; undefined without a VM size. */
export function poolShapeOf(p: PoolFields, nodes: number): PoolShape | undefined {
  if (!p.vmSize) return undefined;
  const isWindows = p.osType === 'Windows' || (p.osSKU ?? '').startsWith('Windows');
  return {
    vmSize: p.vmSize,
    os: isWindows ? VmOs.Windows : VmOs.Linux,
    priority: p.scaleSetPriority === 'Spot' ? VmPriority.Spot : VmPriority.Regular,
    isEphemeralOsDisk: p.osDiskType === 'Ephemeral',
    ...(p.osDiskSizeGB ? { osDiskSizeGB: p.osDiskSizeGB } : {}),
    nodes,
  };
}
