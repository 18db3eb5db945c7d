// Checks of a ManagedCluster spec that admission cannot make (they need tables or other objects) and
// that AKS would otherwise answer with an error after a call: made before any Azure call.
import { ManagedClusterReason } from '../../api/index.js';
import type { ManagedCluster } from '../../api/index.js';
import { tryParseResourceId } from '../../azure/index.js';
import { checkPoolShape } from '../shared/pool-rules.js';
import type { SpecProblem } from '../shared/spec-problem.js';
import { clusterAzureName } from './desired.js';

export function validateCluster(mc: ManagedCluster): SpecProblem | undefined {
  return checkSystemPool(mc) ?? checkAdoption(mc) ?? checkNetwork(mc);
}

function checkSystemPool(mc: ManagedCluster): SpecProblem | undefined {
  const pool = mc.spec.systemPool;
  // The System pool matters only when the operator creates the cluster.
  if (!pool || mc.spec.adoption) return undefined;
  return checkPoolShape({
    vmSize: pool.vmSize,
    mode: 'System',
    fieldPrefix: 'spec.systemPool',
    ...(pool.osDiskType ? { osDiskType: pool.osDiskType } : {}),
    ...(pool.osDiskSizeGB !== undefined ? { osDiskSizeGB: pool.osDiskSizeGB } : {}),
  });
}

function checkAdoption(mc: ManagedCluster): SpecProblem | undefined {
  const id = mc.spec.adoption?.resourceID;
  if (!id) return undefined;
  const ref = tryParseResourceId(id);
  if (ref?.kind !== 'managedCluster') return undefined;
  const name = clusterAzureName(mc);
  if (mc.spec.azureName && ref.clusterName.toLowerCase() !== name.toLowerCase()) {
    return {
      reason: ManagedClusterReason.AdoptionNameMismatch,
      field: 'spec.azureName',
      message: `spec.azureName ${name} differs from the cluster named by adoption.resourceID (${ref.clusterName}); remove azureName or make them agree`,
    };
  }
  return undefined;
}

function checkNetwork(mc: ManagedCluster): SpecProblem | undefined {
  const net = mc.spec.networkProfile;
  // AKS runs the cilium dataplane on Azure CNI with overlay or with pod subnets; the System pool has no
  // pod subnet, so a cluster the operator creates needs overlay. Admission already pairs policy and dataplane.
  if (
    net?.networkDataplane === 'cilium' &&
    !mc.spec.adoption &&
    (net.networkPlugin !== 'azure' || net.networkPluginMode !== 'overlay')
  ) {
    return {
      reason: ManagedClusterReason.NetworkPolicyNotSupported,
      field: 'spec.networkProfile.networkDataplane',
      message:
        'networkDataplane: cilium (with networkPolicy: cilium) needs Azure CNI overlay: set networkPlugin: azure and networkPluginMode: overlay, or choose networkDataplane: azure',
    };
  }
  return undefined;
}
