// Checks of a NodePool spec that admission cannot make (they need tables, the cluster or other pools)
// and that AKS would otherwise answer with an error after a call: made before any Azure call.
import { NodePoolReason } from '../../api/index.js';
import type { ManagedCluster, NodePool } from '../../api/index.js';
import { minorDistance, parseVersion } from '../shared/kube-version.js';
import { checkPoolShape } from '../shared/pool-rules.js';
import type { SpecProblem } from '../shared/spec-problem.js';
import { poolAzureName } from './desired.js';

/** From Kubernetes 1.28 AKS lets node pools lag the control plane by three minor versions (two before). */
export function maxPoolSkew(controlPlaneVersion: string): number {
  const cp = parseVersion(controlPlaneVersion);
  return cp && cp.major === 1 && cp.minor < 28 ? 2 : 3;
}

export interface PoolValidationInput {
  np: NodePool;
  cluster: ManagedCluster;
  /** Every NodePool of the namespace (the pool itself included). */
  siblings: readonly NodePool[];
}

export function validatePool(input: PoolValidationInput): SpecProblem | undefined {
  const { np } = input;
  return (
    checkPoolShape({
      vmSize: np.spec.vmSize,
      mode: np.spec.mode ?? 'User',
      fieldPrefix: 'spec',
      ...(np.spec.osDiskType ? { osDiskType: np.spec.osDiskType } : {}),
      ...(np.spec.osDiskSizeGB !== undefined ? { osDiskSizeGB: np.spec.osDiskSizeGB } : {}),
    }) ??
    checkPower(np) ??
    checkNetwork(np, input.cluster) ??
    checkSameVNet(input) ??
    checkVersionSkew(np, input.cluster) ??
    checkDuplicateName(input)
  );
}

function checkPower(np: NodePool): SpecProblem | undefined {
  if (np.spec.powerState !== 'Stopped') return undefined;
  if (np.spec.scaleSetPriority === 'Spot') {
    return {
      reason: NodePoolReason.SpotPoolCannotBeStopped,
      field: 'spec.powerState',
      message: 'AKS cannot stop a Spot pool; scale it to 0 instead (count: 0) or delete it',
    };
  }
  if (np.spec.autoscaling) {
    return {
      reason: NodePoolReason.AutoscalerEnabledOnStoppedPool,
      field: 'spec.powerState',
      message:
        'AKS cannot stop a pool while the cluster autoscaler runs on it; remove autoscaling (set count) to stop it',
    };
  }
  return undefined;
}

function checkNetwork(np: NodePool, cluster: ManagedCluster): SpecProblem | undefined {
  const plugin = cluster.spec.networkProfile?.networkPlugin ?? 'azure';
  if (np.spec.osType === 'Windows' && plugin === 'kubenet') {
    return {
      reason: NodePoolReason.WindowsRequiresAzureCNI,
      field: 'spec.osType',
      message: `Windows pools need Azure CNI but cluster ${cluster.metadata.name ?? ''} uses kubenet; use a Linux pool or a cluster with networkPlugin: azure`,
    };
  }
  return checkPodSubnet(np, cluster);
}

/** A pod subnet is Azure CNI's dynamic IP allocation: not kubenet, not overlay (AKS answers InvalidParameter). */
function checkPodSubnet(np: NodePool, cluster: ManagedCluster): SpecProblem | undefined {
  if (!np.spec.podSubnetID) return undefined;
  // The spec's network settings, else what Azure reports for the cluster.
  const declared = cluster.spec.networkProfile;
  const seen = cluster.status?.settings;
  const plugin = declared?.networkPlugin ?? seen?.networkPlugin;
  const mode = declared?.networkPluginMode ?? seen?.networkPluginMode;
  const cni = plugin === undefined ? undefined : mode === 'overlay' ? 'azure overlay' : plugin;
  if (cni === undefined || cni === 'azure') return undefined;
  return {
    reason: NodePoolReason.PodSubnetRequiresAzureCNI,
    field: 'spec.podSubnetID',
    message: `podSubnetID needs Azure CNI with dynamic IP allocation but cluster ${cluster.metadata.name ?? ''} uses ${cni} (AKS answers InvalidParameter); remove podSubnetID or use a cluster with networkPlugin: azure and no networkPluginMode`,
  };
}

/** Every pool of a cluster is in one VNet (AKS answers InvalidParameter for a subnet of another). */
function checkSameVNet(input: PoolValidationInput): SpecProblem | undefined {
  const { np } = input;
  const mine = vnetOf(np.spec.vnetSubnetID);
  if (!mine) return undefined;
  // The cluster's VNet is the one of its first pool in a subnet (the one Azure has, else the oldest).
  const first = input.siblings
    .filter(
      (p) =>
        p.spec.clusterRef.name === np.spec.clusterRef.name &&
        !p.metadata.deletionTimestamp &&
        vnetOf(p.spec.vnetSubnetID) !== undefined,
    )
    .reduce<NodePool | undefined>((best, p) => (!best || ranksBefore(p, best) ? p : best), undefined);
  const other = first && vnetOf(first.spec.vnetSubnetID) !== mine ? first : undefined;
  // The System pool created with the cluster set the VNet first.
  const system = vnetOf(input.cluster.spec.systemPool?.vnetSubnetID);
  if (system && system !== mine) {
    return {
      reason: NodePoolReason.SubnetInAnotherVNet,
      field: 'spec.vnetSubnetID',
      message: `vnetSubnetID is in VNet ${mine} but the System pool of cluster ${np.spec.clusterRef.name} (spec.systemPool.vnetSubnetID) uses VNet ${system}; AKS keeps every pool of a cluster in one VNet (InvalidParameter): pick a subnet of that VNet`,
    };
  }
  if (!other) return undefined;
  return {
    reason: NodePoolReason.SubnetInAnotherVNet,
    field: 'spec.vnetSubnetID',
    message: `vnetSubnetID is in VNet ${mine} but NodePool ${other.metadata.name ?? ''} of cluster ${np.spec.clusterRef.name} uses VNet ${vnetOf(other.spec.vnetSubnetID) ?? ''}; AKS keeps every pool of a cluster in one VNet (InvalidParameter): pick a subnet of that VNet`,
  };
}

/** The VNet ID of a subnet ID, lowercased. */
function vnetOf(subnetId: string | undefined): string | undefined {
  if (!subnetId) return undefined;
  const at = subnetId.toLowerCase().indexOf('/subnets/');
  return at < 0 ? undefined : subnetId.slice(0, at).toLowerCase();
}

function checkVersionSkew(np: NodePool, cluster: ManagedCluster): SpecProblem | undefined {
  const wanted = np.spec.orchestratorVersion;
  const cp = cluster.status?.currentKubernetesVersion;
  if (!wanted || !cp) return undefined;
  const behind = minorDistance(cp, wanted);
  const skew = maxPoolSkew(cp);
  if (behind === undefined || behind > skew) {
    const why =
      behind === undefined
        ? 'the major versions differ'
        : `a node pool may be at most ${skew} minor versions behind the control plane`;
    return {
      reason: NodePoolReason.NodePoolMcVersionIncompatible,
      field: 'spec.orchestratorVersion',
      message: `Node pool version ${wanted} and control plane version ${cp} are incompatible: ${why}; raise orchestratorVersion`,
    };
  }
  return undefined;
}

function checkDuplicateName(input: PoolValidationInput): SpecProblem | undefined {
  const { np } = input;
  const names = poolNames(np);
  const name = [...names][0] ?? '';
  const rivals = input.siblings.filter(
    (other) =>
      other.metadata.uid !== np.metadata.uid &&
      other.spec.clusterRef.name === np.spec.clusterRef.name &&
      [...poolNames(other)].some((n) => names.has(n)) &&
      !other.metadata.deletionTimestamp,
  );
  // The NodePool that already manages the pool keeps the name; otherwise the oldest (then by name).
  const owner = rivals.find((other) => ranksBefore(other, np));
  if (!owner) return undefined;
  return {
    reason: NodePoolReason.DuplicatePoolName,
    field: 'spec.azureName',
    message: `NodePool ${owner.metadata.name ?? ''} already manages agent pool ${name} of cluster ${np.spec.clusterRef.name}; set another spec.azureName`,
  };
}

/** Every agent-pool name a NodePool holds: its azureName, the active pool and a replacement's twin. */
function poolNames(np: NodePool): Set<string> {
  const names = [poolAzureName(np), np.status?.activePoolName, np.status?.blueGreen?.twinPoolName];
  return new Set(names.filter((n): n is string => !!n).map((n) => n.toLowerCase()));
}

/** Of two NodePools in conflict, the one that keeps its claim: the one Azure has a pool for, else the oldest, then by name. */
function ranksBefore(a: NodePool, b: NodePool): boolean {
  const rank = (p: NodePool): [number, number, string] => [
    p.status?.azureResourceID ? 0 : 1,
    createdAt(p),
    p.metadata.name ?? '',
  ];
  return compareRank(rank(a), rank(b)) < 0;
}

function createdAt(np: NodePool): number {
  const t = np.metadata.creationTimestamp;
  return t ? new Date(t).getTime() : 0;
}

function compareRank(a: [number, number, string], b: [number, number, string]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]);
}
