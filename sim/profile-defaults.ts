// Defaults real AKS fills in on create for the profiles a body may leave out (storage drivers, cost analysis,
// bootstrap, workload autoscaler, a pool's security profile), and the read-only fields it computes (resourceUID,
// the kubelet identity of a managed-identity cluster). Evidence: sim/fixtures/aks-create-defaults.json.
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

/** A stable value derived from the cluster's identity and creation time, so reads agree. */
function digest(c: ClusterRecord, purpose: string): string {
  return createHash('sha256')
    .update(`${clusterId(c.ref)}|${c.systemData.createdAt}|${purpose}`)
    .digest('hex');
}

function guid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The read-only properties AKS computes: resourceUID, and the kubelet identity when the cluster uses managed identity. */
export function computedClusterProperties(c: ClusterRecord): JsonObject {
  const out: JsonObject = { resourceUID: digest(c, 'uid').slice(0, 24) };
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
