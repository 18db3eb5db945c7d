// Node names as AKS gives them: `aks-<pool>-<8 digits>-vmss<6 base-36 digits>` for Linux scale sets,
// `<pool><6 base-36 digits>` for Windows (its computer names are short). The digits identify the cluster.
import { createHash } from 'node:crypto';

const INSTANCE_DIGITS = 6;
const INSTANCE_RADIX = 36;

/** The cluster's 8-digit scale-set id: stable for an ARM resource ID, shared by all its pools. */
export function scaleSetId(clusterId: string): string {
  const digest = createHash('sha256').update(clusterId.toLowerCase()).digest();
  return String(10_000_000 + (digest.readUInt32BE(0) % 90_000_000));
}

/** The scale set a pool's nodes belong to, as in the node's providerID. */
export function scaleSetName(options: { poolName: string; clusterId: string; osType?: string }): string {
  if (isWindows(options.osType)) return options.poolName;
  return `aks-${options.poolName}-${scaleSetId(options.clusterId)}-vmss`;
}

export function nodeName(options: {
  poolName: string;
  clusterId: string;
  osType?: string;
  instance: number;
}): string {
  const suffix = options.instance.toString(INSTANCE_RADIX).padStart(INSTANCE_DIGITS, '0');
  return `${scaleSetName(options)}${suffix}`;
}

/**
 * The scale-set instance number encoded in a node name (`…-vmss00000a`, or a Windows `<pool>00000a`),
 * or undefined for a name of another shape.
 */
export function instanceOf(name: string): number | undefined {
  const match = /-vmss([0-9a-z]{6})$/.exec(name) ?? /^[a-z][a-z0-9]{0,5}([0-9a-z]{6})$/.exec(name);
  return match?.[1] === undefined ? undefined : parseInt(match[1], INSTANCE_RADIX);
}

/** The next instance number after those in use: scale sets do not reuse instance ids. */
export function nextInstance(names: Iterable<string>, atLeast = 0): number {
  let next = atLeast;
  for (const name of names) {
    const instance = instanceOf(name);
    if (instance !== undefined && instance >= next) next = instance + 1;
  }
  return next;
}

export function isWindows(osType: string | undefined): boolean {
  return osType?.toLowerCase() === 'windows';
}
