// The maintenance configurations a cluster holds, kept beside its record (a deleted cluster's go with
// it), and their ARM shape.
import { clusterId } from './arm-ids.js';
import type { JsonObject } from './json.js';
import type { ClusterRecord } from './resource-store.js';

const configurations = new WeakMap<ClusterRecord, Map<string, JsonObject>>();

/** The cluster's configurations by AKS's name; created empty on first use. */
export function maintenanceOf(cluster: ClusterRecord): Map<string, JsonObject> {
  let held = configurations.get(cluster);
  if (!held) {
    held = new Map();
    configurations.set(cluster, held);
  }
  return held;
}

export function renderMaintenance(cluster: ClusterRecord, name: string, properties: JsonObject): JsonObject {
  return {
    id: `${clusterId(cluster.ref)}/maintenanceConfigurations/${name}`,
    name,
    type: 'Microsoft.ContainerService/managedClusters/maintenanceConfigurations',
    properties: structuredClone(properties),
  };
}
