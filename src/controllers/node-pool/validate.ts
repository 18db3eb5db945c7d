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
  return undefined;
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
  const rank = (p: NodePool): [number, number, string] => [
    p.status?.azureResourceID ? 0 : 1,
    createdAt(p),
    p.metadata.name ?? '',
  ];
  const isOlder = (other: NodePool): boolean => compareRank(rank(other), rank(np)) < 0;
  const owner = rivals.find(isOlder);
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

function createdAt(np: NodePool): number {
  const t = np.metadata.creationTimestamp;
  return t ? new Date(t).getTime() : 0;
}

function compareRank(a: [number, number, string], b: [number, number, string]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]);
}
