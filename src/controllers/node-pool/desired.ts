// Mapping from a NodePool spec to the AKS agent-pool body: the full body that creates the pool, and the
// update body that keeps what Azure has and overlays what the spec manages. The Kubernetes version only
// moves up, and with autoscaling on the count stays the autoscaler's.
import type * as Arm from '@azure/arm-containerservice';
import type { NodePool, NodePoolSpec } from '../../api/index.js';
import { isUpgrade } from '../shared/kube-version.js';
import { overlayDeclaredPoolSettings } from './declared-settings.js';

/** The taint AKS adds to Spot pools itself; kept, never compared. */
export const SPOT_TAINT = 'kubernetes.azure.com/scalesetpriority=spot:NoSchedule';

/** AKS's values when a pool's upgradeSettings leave a field out. */
export const AKS_UPGRADE_DEFAULTS = {
  maxSurge: '10%',
  maxUnavailable: '0',
  drainTimeoutInMinutes: 30,
  nodeSoakDurationInMinutes: 0,
  undrainableNodeBehavior: 'Schedule',
} as const;

/** Name of the agent pool in Azure. */
export function poolAzureName(np: NodePool): string {
  return np.spec.azureName ?? np.metadata.name ?? '';
}

export interface PoolCreateInputs {
  /** ARM ID of the snapshot named by spec.snapshotRef, resolved. */
  snapshotId?: string;
}

export function desiredPoolForCreate(spec: NodePoolSpec, inputs: PoolCreateInputs = {}): Arm.AgentPool {
  // Fields the spec leaves out are AKS's to default (User, Linux, Regular, its surge settings).
  const body: Arm.AgentPool = {
    vmSize: spec.vmSize,
    typePropertiesType: 'VirtualMachineScaleSets',
    count: spec.count ?? spec.autoscaling?.minCount ?? 1,
  };
  if (spec.osType) body.osType = spec.osType;
  if (spec.mode) body.mode = spec.mode;
  if (spec.scaleSetPriority) body.scaleSetPriority = spec.scaleSetPriority;
  const settings = upgradeSettings(spec);
  if (Object.keys(settings).length > 0) body.upgradeSettings = settings;
  if (spec.osSKU) body.osSKU = spec.osSKU;
  if (spec.osDiskType) body.osDiskType = spec.osDiskType;
  if (spec.osDiskSizeGB !== undefined) body.osDiskSizeGB = spec.osDiskSizeGB;
  if (spec.maxPods !== undefined) body.maxPods = spec.maxPods;
  if (spec.availabilityZones) body.availabilityZones = [...spec.availabilityZones];
  if (spec.vnetSubnetID) body.vnetSubnetID = spec.vnetSubnetID;
  if (spec.podSubnetID) body.podSubnetID = spec.podSubnetID;
  if (spec.enableEncryptionAtHost !== undefined) body.enableEncryptionAtHost = spec.enableEncryptionAtHost;
  if (spec.tags) body.tags = { ...spec.tags };
  if (spec.nodeLabels) body.nodeLabels = { ...spec.nodeLabels };
  if (spec.nodeTaints) body.nodeTaints = [...spec.nodeTaints];
  if (spec.orchestratorVersion) body.orchestratorVersion = spec.orchestratorVersion;
  if (spec.scaleSetPriority === 'Spot') {
    body.scaleSetEvictionPolicy = spec.spot?.evictionPolicy ?? 'Delete';
    body.spotMaxPrice = spec.spot?.maxPrice ?? -1;
  }
  if (spec.autoscaling) {
    body.enableAutoScaling = true;
    body.minCount = spec.autoscaling.minCount;
    body.maxCount = spec.autoscaling.maxCount;
  }
  if (inputs.snapshotId) body.creationData = { sourceResourceId: inputs.snapshotId };
  overlayDeclaredPoolSettings(body, spec);
  return body;
}

export interface PoolUpdateInputs {
  /** Whether the control plane allows moving to spec.orchestratorVersion now. */
  isUpgradeAllowed: boolean;
  /** A version upgrade that moves the pool to this snapshot (its version and node image). */
  snapshotId?: string;
}

export function desiredPoolForUpdate(
  spec: NodePoolSpec,
  observed: Arm.AgentPool,
  inputs: PoolUpdateInputs,
): Arm.AgentPool {
  const body: Arm.AgentPool = { ...observed };
  const isStopping = spec.powerState === 'Stopped';
  const wasStopped = observed.powerState?.code === 'Stopped';
  if (spec.autoscaling && !isStopping) {
    body.enableAutoScaling = true;
    body.minCount = spec.autoscaling.minCount;
    body.maxCount = spec.autoscaling.maxCount;
    // The autoscaler owns the count; a pool being started comes back at its minimum.
    if (wasStopped) body.count = spec.count ?? spec.autoscaling.minCount;
  } else if (!isStopping) {
    body.enableAutoScaling = false;
    delete body.minCount;
    delete body.maxCount;
    if (spec.count !== undefined) body.count = spec.count;
  }
  if (spec.nodeLabels) body.nodeLabels = { ...spec.nodeLabels };
  if (spec.nodeTaints) {
    const keepSpot =
      (observed.nodeTaints ?? []).includes(SPOT_TAINT) && !spec.nodeTaints.includes(SPOT_TAINT);
    body.nodeTaints = keepSpot ? [...spec.nodeTaints, SPOT_TAINT] : [...spec.nodeTaints];
  }
  if (spec.mode) body.mode = spec.mode;
  // Only the declared keys are the spec's: tags others added stay, a key no longer declared is left as it is.
  if (spec.tags) body.tags = { ...observed.tags, ...spec.tags };
  const settings = upgradeSettings(spec);
  if (Object.keys(settings).length > 0) body.upgradeSettings = { ...observed.upgradeSettings, ...settings };
  if (spec.powerState) body.powerState = { code: spec.powerState };
  const running = observed.currentOrchestratorVersion ?? observed.orchestratorVersion;
  const wanted = spec.orchestratorVersion;
  // Never lower: without a wanted upgrade the pool keeps the version Azure has.
  body.orchestratorVersion =
    wanted && inputs.isUpgradeAllowed && isUpgrade(wanted, running)
      ? wanted
      : (observed.orchestratorVersion ?? observed.currentOrchestratorVersion);
  if (inputs.snapshotId && body.orchestratorVersion === wanted)
    body.creationData = { sourceResourceId: inputs.snapshotId };
  overlayDeclaredPoolSettings(body, spec);
  return body;
}

/** The declared upgrade settings only. */
function upgradeSettings(spec: NodePoolSpec): Arm.AgentPoolUpgradeSettings {
  const u = spec.upgradeSettings ?? {};
  const out: Arm.AgentPoolUpgradeSettings = {};
  if (u.maxSurge !== undefined) out.maxSurge = String(u.maxSurge);
  if (u.maxUnavailable !== undefined) out.maxUnavailable = String(u.maxUnavailable);
  if (u.drainTimeoutInMinutes !== undefined) out.drainTimeoutInMinutes = u.drainTimeoutInMinutes;
  if (u.nodeSoakDurationInMinutes !== undefined) out.nodeSoakDurationInMinutes = u.nodeSoakDurationInMinutes;
  if (u.undrainableNodeBehavior) out.undrainableNodeBehavior = u.undrainableNodeBehavior;
  return out;
}
