// Defaults real AKS fills in on create for the profiles a body may leave out (storage drivers, cost analysis,
// bootstrap, workload autoscaler, a pool's security profile), what it computes (resourceUID, the kubelet identity
// of a managed-identity cluster) and the autoscaler settings it answers once a pool autoscales.
// Evidence: sim/fixtures/aks-create-defaults.json.
import { createHash } from 'node:crypto';
import { clusterId } from './arm-ids.js';
import { isObject, str, type Json, type JsonObject } from './json.js';
import type { ClusterRecord } from './resource-store.js';

const obj = (v: Json | undefined): JsonObject => (isObject(v) ? v : {});

/** `declared` over `defaults`, one level of nested objects deep (a declared driver keeps the others' defaults). */
function overlay(defaults: JsonObject, declared: Json | undefined): JsonObject {
  const out: JsonObject = { ...defaults };
  for (const [k, v] of Object.entries(obj(declared)))
    out[k] = isObject(v) && isObject(defaults[k]) ? { ...defaults[k], ...v } : v;
  return out;
}

/** Fills the cluster profiles AKS answers even when the body leaves them out. */
export function clusterProfileDefaults(spec: JsonObject): void {
  spec.storageProfile = overlay(
    {
      diskCSIDriver: { enabled: true },
      fileCSIDriver: { enabled: true },
      snapshotController: { enabled: true },
    },
    spec.storageProfile,
  );
  spec.metricsProfile = overlay({ costAnalysis: { enabled: false } }, spec.metricsProfile);
  spec.workloadAutoScalerProfile = obj(spec.workloadAutoScalerProfile);
  spec.bootstrapProfile = overlay({ artifactSource: 'Direct' }, spec.bootstrapProfile);
}

/** Fills the pool settings AKS answers even when the body leaves them out. */
export function poolProfileDefaults(spec: JsonObject): void {
  spec.enableUltraSSD ??= false;
  spec.securityProfile = overlay(
    { enableVTPM: false, enableSecureBoot: false, sshAccess: 'LocalUser' },
    spec.securityProfile,
  );
}

/** The cluster autoscaler's settings AKS answers once a pool autoscales (wire names, string values as AKS sends them). */
const AUTOSCALER_DEFAULTS: JsonObject = {
  'balance-similar-node-groups': 'false',
  'daemonset-eviction-for-empty-nodes': false,
  'daemonset-eviction-for-occupied-nodes': true,
  expander: 'random',
  'ignore-daemonsets-utilization': false,
  'max-empty-bulk-delete': '10',
  'max-graceful-termination-sec': '600',
  'max-node-provision-time': '15m',
  'max-total-unready-percentage': '45',
  'new-pod-scale-up-delay': '0s',
  'ok-total-unready-count': '3',
  'scale-down-delay-after-add': '10m',
  'scale-down-delay-after-delete': '10s',
  'scale-down-delay-after-failure': '3m',
  'scale-down-unneeded-time': '10m',
  'scale-down-unready-time': '20m',
  'scale-down-utilization-threshold': '0.5',
  'scan-interval': '10s',
  'skip-nodes-with-local-storage': 'false',
  'skip-nodes-with-system-pods': 'true',
};

/** A stable value derived from the cluster's identity and creation time, so reads agree. */
function digest(c: ClusterRecord, purpose: string): string {
  return createHash('sha256')
    .update(`${clusterId(c.ref)}|${c.systemData.createdAt}|${purpose}`)
    .digest('hex');
}

function guid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * What AKS adds to the stored spec when it answers: resourceUID, the kubelet identity when the cluster uses
 * managed identity, and the autoscaler's settings (the declared ones over AKS's) once a pool autoscales.
 */
export function computedClusterProperties(c: ClusterRecord): JsonObject {
  const out: JsonObject = { resourceUID: digest(c, 'uid').slice(0, 24) };
  if ([...c.pools.values()].some((p) => p.spec.enableAutoScaling === true))
    out.autoScalerProfile = { ...AUTOSCALER_DEFAULTS, ...obj(c.spec.autoScalerProfile) };
  if (c.identity && str(c.identity, 'type') !== 'None') {
    const nodeRg = str(c.spec, 'nodeResourceGroup') ?? '';
    out.identityProfile = {
      kubeletidentity: {
        resourceId: `/subscriptions/${c.ref.subscriptionId}/resourcegroups/${nodeRg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${c.ref.cluster}-agentpool`,
        clientId: guid(digest(c, 'kubelet-client')),
        objectId: guid(digest(c, 'kubelet-object')),
      },
    };
  }
  return out;
}
