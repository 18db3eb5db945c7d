// The ARM paths the simulator serves: method + path template → operation name (as counted) → handler.
// Paths match case-insensitively, as ARM's do.
import {
  abortClusterOperation,
  deleteCluster,
  listCredentials,
  startCluster,
  stopCluster,
  updateClusterTags,
} from './handlers/cluster-actions.js';
import { putCluster } from './handlers/cluster-put.js';
import {
  getAvailableAgentPoolVersions,
  getCluster,
  getClusterUpgradeProfile,
  listClusters,
  listKubernetesVersions,
} from './handlers/cluster-reads.js';
import { listComputeUsages } from './handlers/compute-usages.js';
import { getSubnet, getVirtualNetwork, putSubnet, putVirtualNetwork } from './handlers/network.js';
import {
  deleteMaintenanceConfiguration,
  getMaintenanceConfiguration,
  listMaintenanceConfigurations,
  putMaintenanceConfiguration,
} from './handlers/maintenance-configurations.js';
import { getOperationResult, getOperationStatus } from './handlers/operations.js';
import {
  abortPoolOperation,
  deleteAgentPool,
  deleteMachines,
  upgradeNodeImageVersion,
} from './handlers/pool-actions.js';
import { putAgentPool } from './handlers/pool-put.js';
import { getAgentPool, getAgentPoolUpgradeProfile, listAgentPools } from './handlers/pool-reads.js';
import {
  deleteSnapshot,
  getSnapshot,
  listSnapshots,
  putSnapshot,
  updateSnapshotTags,
} from './handlers/snapshots.js';
import type { SimRequest, SimResponse } from './http-types.js';
import type { SimContext } from './sim-context.js';

export type RouteHandler = (ctx: SimContext, req: SimRequest) => SimResponse | Promise<SimResponse>;

export interface Route {
  method: string;
  template: string;
  operation: string;
  handler: RouteHandler;
}

const SUB = '/subscriptions/{subscriptionId}';
const CS = `${SUB}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService`;
const MC = `${CS}/managedClusters/{resourceName}`;
const AP = `${MC}/agentPools/{agentPoolName}`;
const MAINT = `${MC}/maintenanceConfigurations`;
const LOC = `${SUB}/providers/Microsoft.ContainerService/locations/{location}`;
const VNET = `${SUB}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}`;

export const ROUTES: Route[] = [
  {
    method: 'GET',
    template: `${SUB}/providers/Microsoft.ContainerService/managedClusters`,
    operation: 'managedClusters.list',
    handler: listClusters,
  },
  {
    method: 'GET',
    template: `${CS}/managedClusters`,
    operation: 'managedClusters.listByResourceGroup',
    handler: listClusters,
  },
  { method: 'GET', template: MC, operation: 'managedClusters.get', handler: getCluster },
  { method: 'PUT', template: MC, operation: 'managedClusters.createOrUpdate', handler: putCluster },
  { method: 'PATCH', template: MC, operation: 'managedClusters.updateTags', handler: updateClusterTags },
  { method: 'DELETE', template: MC, operation: 'managedClusters.delete', handler: deleteCluster },
  { method: 'POST', template: `${MC}/start`, operation: 'managedClusters.start', handler: startCluster },
  { method: 'POST', template: `${MC}/stop`, operation: 'managedClusters.stop', handler: stopCluster },
  {
    method: 'POST',
    template: `${MC}/abort`,
    operation: 'managedClusters.abortLatestOperation',
    handler: abortClusterOperation,
  },
  {
    method: 'POST',
    template: `${MC}/listClusterAdminCredential`,
    operation: 'managedClusters.listClusterAdminCredentials',
    handler: (ctx, req) => listCredentials(ctx, req, 'admin'),
  },
  {
    method: 'POST',
    template: `${MC}/listClusterUserCredential`,
    operation: 'managedClusters.listClusterUserCredentials',
    handler: (ctx, req) => listCredentials(ctx, req, 'user'),
  },
  {
    method: 'GET',
    template: `${MC}/upgradeProfiles/default`,
    operation: 'managedClusters.getUpgradeProfile',
    handler: getClusterUpgradeProfile,
  },
  {
    method: 'GET',
    template: `${MC}/availableAgentPoolVersions`,
    operation: 'agentPools.getAvailableAgentPoolVersions',
    handler: getAvailableAgentPoolVersions,
  },
  {
    method: 'GET',
    template: `${LOC}/kubernetesVersions`,
    operation: 'managedClusters.listKubernetesVersions',
    handler: listKubernetesVersions,
  },
  {
    method: 'GET',
    template: MAINT,
    operation: 'maintenanceConfigurations.listByManagedCluster',
    handler: listMaintenanceConfigurations,
  },
  {
    method: 'GET',
    template: `${MAINT}/{configName}`,
    operation: 'maintenanceConfigurations.get',
    handler: getMaintenanceConfiguration,
  },
  {
    method: 'PUT',
    template: `${MAINT}/{configName}`,
    operation: 'maintenanceConfigurations.createOrUpdate',
    handler: putMaintenanceConfiguration,
  },
  {
    method: 'DELETE',
    template: `${MAINT}/{configName}`,
    operation: 'maintenanceConfigurations.delete',
    handler: deleteMaintenanceConfiguration,
  },
  { method: 'GET', template: `${MC}/agentPools`, operation: 'agentPools.list', handler: listAgentPools },
  { method: 'GET', template: AP, operation: 'agentPools.get', handler: getAgentPool },
  { method: 'PUT', template: AP, operation: 'agentPools.createOrUpdate', handler: putAgentPool },
  { method: 'DELETE', template: AP, operation: 'agentPools.delete', handler: deleteAgentPool },
  {
    method: 'POST',
    template: `${AP}/upgradeNodeImageVersion`,
    operation: 'agentPools.upgradeNodeImageVersion',
    handler: upgradeNodeImageVersion,
  },
  {
    method: 'POST',
    template: `${AP}/abort`,
    operation: 'agentPools.abortLatestOperation',
    handler: abortPoolOperation,
  },
  {
    method: 'POST',
    template: `${AP}/deleteMachines`,
    operation: 'agentPools.deleteMachines',
    handler: deleteMachines,
  },
  {
    method: 'GET',
    template: `${AP}/upgradeProfiles/default`,
    operation: 'agentPools.getUpgradeProfile',
    handler: getAgentPoolUpgradeProfile,
  },
  {
    method: 'GET',
    template: `${SUB}/providers/Microsoft.ContainerService/snapshots`,
    operation: 'snapshots.list',
    handler: listSnapshots,
  },
  {
    method: 'GET',
    template: `${CS}/snapshots`,
    operation: 'snapshots.listByResourceGroup',
    handler: listSnapshots,
  },
  {
    method: 'GET',
    template: `${CS}/snapshots/{resourceName}`,
    operation: 'snapshots.get',
    handler: getSnapshot,
  },
  {
    method: 'PUT',
    template: `${CS}/snapshots/{resourceName}`,
    operation: 'snapshots.createOrUpdate',
    handler: putSnapshot,
  },
  {
    method: 'PATCH',
    template: `${CS}/snapshots/{resourceName}`,
    operation: 'snapshots.updateTags',
    handler: updateSnapshotTags,
  },
  {
    method: 'DELETE',
    template: `${CS}/snapshots/{resourceName}`,
    operation: 'snapshots.delete',
    handler: deleteSnapshot,
  },
  {
    method: 'GET',
    template: `${LOC}/operations/{operationId}`,
    operation: 'operations.get',
    handler: getOperationStatus,
  },
  {
    method: 'GET',
    template: `${LOC}/operationStatus/{operationId}`,
    operation: 'operations.get',
    handler: getOperationStatus,
  },
  {
    method: 'GET',
    template: `${LOC}/operationresults/{operationId}`,
    operation: 'operationResults.get',
    handler: getOperationResult,
  },
  { method: 'GET', template: VNET, operation: 'virtualNetworks.get', handler: getVirtualNetwork },
  { method: 'PUT', template: VNET, operation: 'virtualNetworks.createOrUpdate', handler: putVirtualNetwork },
  { method: 'GET', template: `${VNET}/subnets/{subnetName}`, operation: 'subnets.get', handler: getSubnet },
  {
    method: 'PUT',
    template: `${VNET}/subnets/{subnetName}`,
    operation: 'subnets.createOrUpdate',
    handler: putSubnet,
  },
  {
    method: 'GET',
    template: `${SUB}/providers/Microsoft.Compute/locations/{location}/usages`,
    operation: 'compute.usages.list',
    handler: listComputeUsages,
  },
];

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'methodNotAllowed' }
  | { kind: 'notFound' };

export class RouteTable {
  /** Routes grouped by segment count, so a request only tests templates of its own length. */
  private readonly bySegments = new Map<number, CompiledRoute[]>();

  constructor(routes: Route[] = ROUTES) {
    for (const route of routes) {
      const names: string[] = [];
      const pattern = route.template
        .split('/')
        .map((seg) => {
          const m = /^\{(.+)\}$/.exec(seg);
          if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(m[1]!);
          return '([^/]+)';
        })
        .join('/');
      const segments = route.template.split('/').length;
      const list = this.bySegments.get(segments) ?? [];
      list.push({ route, regex: new RegExp(`^${pattern}/?$`, 'i'), names });
      this.bySegments.set(segments, list);
    }
  }

  match(method: string, path: string): RouteMatch {
    const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const candidates = this.bySegments.get(trimmed.split('/').length) ?? [];
    let pathMatched = false;
    for (const c of candidates) {
      const m = c.regex.exec(trimmed);
      if (!m) continue;
      pathMatched = true;
      if (c.route.method !== method) continue;
      const params: Record<string, string> = {};
      c.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
      return { kind: 'found', route: c.route, params };
    }
    return pathMatched ? { kind: 'methodNotAllowed' } : { kind: 'notFound' };
  }
}
