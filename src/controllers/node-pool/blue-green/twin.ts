// The body of a blue/green twin pool: the spec's pool (every declared setting) at the target version, with
// every setting Azure has for the old pool where the spec is silent (subnets, host encryption, tags others
// added, upgrade settings, OS and kubelet tuning...), and, with preScale, as many nodes as the old pool runs
// so capacity exists before draining.
import type * as Arm from '@azure/arm-containerservice';
import type { NodePoolSpec } from '../../../api/index.js';
import { withoutOperatorTags } from '../../shared/ownership.js';
import { desiredPoolForCreate } from '../desired.js';

/** Settings the spec may leave to Azure; the twin keeps the old pool's values for those it does not declare. */
const CARRIED = [
  'mode',
  'osType',
  'osSKU',
  'osDiskType',
  'osDiskSizeGB',
  'maxPods',
  'availabilityZones',
  'vnetSubnetID',
  'podSubnetID',
  'kubeletDiskType',
  'enableNodePublicIP',
  'nodePublicIPPrefixID',
  'enableEncryptionAtHost',
  'enableFips',
  'enableUltraSSD',
  'nodeLabels',
  'nodeTaints',
  'scaleSetPriority',
  'scaleSetEvictionPolicy',
  'spotMaxPrice',
  'scaleDownMode',
  'kubeletConfig',
  'linuxOSConfig',
  'gpuInstanceProfile',
  'workloadRuntime',
  'proximityPlacementGroupID',
  'capacityReservationGroupID',
  'hostGroupID',
  'networkProfile',
  'securityProfile',
  'windowsProfile',
  'messageOfTheDay',
  'gpuProfile',
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
    // Upgrade settings leaf by leaf, and tags key by key: the declared ones win, Azure's fill the rest.
    if (old.upgradeSettings) body.upgradeSettings = { ...old.upgradeSettings, ...body.upgradeSettings };
    const oldTags = withoutOperatorTags(old.tags);
    if (Object.keys(oldTags).length > 0) body.tags = { ...oldTags, ...body.tags };
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
