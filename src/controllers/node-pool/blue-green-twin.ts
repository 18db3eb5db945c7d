// The body of a blue/green twin pool: the spec's pool (mode, VM size, OS, disk, max pods, zones, labels,
// taints, autoscaler) at the target version, with what Azure chose for the old pool where the spec is
// silent, and, with preScale, as many nodes as the old pool runs so capacity exists before draining.
import type * as Arm from '@azure/arm-containerservice';
import type { NodePoolSpec } from '../../api/index.js';
import { desiredPoolForCreate } from './desired.js';

/** Fields AKS defaults when the spec leaves them out; the twin keeps the old pool's values. */
const CARRIED = [
  'osSKU',
  'osDiskType',
  'osDiskSizeGB',
  'maxPods',
  'availabilityZones',
  'vnetSubnetID',
  'podSubnetID',
  'kubeletDiskType',
  'enableNodePublicIP',
  'enableEncryptionAtHost',
  'enableFips',
] as const satisfies readonly (keyof Arm.AgentPool)[];

export interface TwinInputs {
  /** Kubernetes version the twin is created at. */
  version: string;
  /** Node count of the old pool (Azure's count), used with preScale. */
  oldCount: number | undefined;
  /** Snapshot the twin's nodes are created from (spec.nodeImage.snapshotRef). */
  snapshotId?: string;
}

export function desiredTwin(
  spec: NodePoolSpec,
  old: Arm.AgentPool | undefined,
  inputs: TwinInputs,
): Arm.AgentPool {
  const body = desiredPoolForCreate(spec, inputs.snapshotId ? { snapshotId: inputs.snapshotId } : {});
  if (old) {
    const target = body as Record<string, unknown>;
    for (const key of CARRIED) {
      if (target[key] === undefined && old[key] !== undefined) target[key] = structuredClone(old[key]);
    }
  }
  body.orchestratorVersion = inputs.version;
  const preScale = spec.blueGreen?.preScale ?? true;
  if (preScale && inputs.oldCount !== undefined) {
    const min = spec.autoscaling?.minCount ?? 0;
    const max = spec.autoscaling?.maxCount ?? Number.MAX_SAFE_INTEGER;
    body.count = Math.min(Math.max(inputs.oldCount, min), max);
  }
  return body;
}
