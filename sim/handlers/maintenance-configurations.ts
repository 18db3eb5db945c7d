// Maintenance configurations of a cluster (synchronous, as in AKS): PUT checks AKS's rules and stores
// the configuration (200 on update, 201 on create), GET, list, DELETE (200, or 204 when absent).
import type { SimRequest, SimResponse } from '../http-types.js';
import { maintenanceErrors } from '../maintenance-errors.js';
import { maintenanceOf, renderMaintenance } from '../maintenance-model.js';
import { canonicalMaintenanceName, checkedMaintenanceProperties } from '../maintenance-rules.js';
import type { SimContext } from '../sim-context.js';
import { bodyObject, requireCluster } from './lookup.js';

function nameOf(req: SimRequest): string {
  return canonicalMaintenanceName(req.params.configName ?? '');
}

export function putMaintenanceConfiguration(ctx: SimContext, req: SimRequest): SimResponse {
  const cluster = requireCluster(ctx, req);
  const name = nameOf(req);
  const properties = checkedMaintenanceProperties(name, bodyObject(req), new Date(ctx.clock.now()));
  const held = maintenanceOf(cluster);
  const existed = held.has(name);
  held.set(name, properties);
  return { status: existed ? 200 : 201, body: renderMaintenance(cluster, name, properties) };
}

export function getMaintenanceConfiguration(ctx: SimContext, req: SimRequest): SimResponse {
  const cluster = requireCluster(ctx, req);
  const name = nameOf(req);
  const properties = maintenanceOf(cluster).get(name);
  if (!properties) throw maintenanceErrors.notFound(name, cluster.ref.cluster);
  return { status: 200, body: renderMaintenance(cluster, name, properties) };
}

export function listMaintenanceConfigurations(ctx: SimContext, req: SimRequest): SimResponse {
  const cluster = requireCluster(ctx, req);
  const items = [...maintenanceOf(cluster)].map(([name, p]) => renderMaintenance(cluster, name, p));
  return { status: 200, body: { value: items } };
}

export function deleteMaintenanceConfiguration(ctx: SimContext, req: SimRequest): SimResponse {
  const cluster = requireCluster(ctx, req);
  const existed = maintenanceOf(cluster).delete(nameOf(req));
  return { status: existed ? 200 : 204 };
}
