// A minimal Microsoft.Network: virtual networks and their subnets, with the fields AKS consults when a pool
// joins a subnet (address prefix, VNet, delegations), held per subscription and resource group and
// answered in ARM's shapes (`properties.addressSpace.addressPrefixes`, `properties.addressPrefix`,
// `properties.delegations[].properties.serviceName`, `provisioningState`).
import { randomUUID } from 'node:crypto';
import type { JsonObject } from './json.js';

export interface VNetRef {
  subscriptionId: string;
  resourceGroup: string;
  vnet: string;
}

export interface SubnetRecord {
  name: string;
  addressPrefixes: string[];
  /** Service names the subnet is delegated to, e.g. Microsoft.ContainerService/managedClusters. */
  delegations: string[];
  etag: string;
}

export interface VNetRecord {
  ref: VNetRef;
  location: string;
  tags?: Record<string, string>;
  addressPrefixes: string[];
  subnets: Map<string, SubnetRecord>;
  resourceGuid: string;
  etag: string;
}

const vnetKey = (r: VNetRef): string => `${r.subscriptionId}/${r.resourceGroup}/${r.vnet}`.toLowerCase();

export function vnetId(r: VNetRef): string {
  return `/subscriptions/${r.subscriptionId}/resourceGroups/${r.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${r.vnet}`;
}

export function subnetId(r: VNetRef, subnet: string): string {
  return `${vnetId(r)}/subnets/${subnet}`;
}

const SUBNET_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/subnets\/([^/]+)$/i;

/** The VNet and subnet name of a subnet ID; undefined when the ID is not a subnet's. */
export function parseSubnetId(id: string): { vnet: VNetRef; subnet: string } | undefined {
  const m = SUBNET_ID.exec(id);
  if (!m) return undefined;
  return { vnet: { subscriptionId: m[1]!, resourceGroup: m[2]!, vnet: m[3]! }, subnet: m[4]! };
}

export class NetworkStore {
  private readonly vnets = new Map<string, VNetRecord>();

  getVNet(ref: VNetRef): VNetRecord | undefined {
    return this.vnets.get(vnetKey(ref));
  }

  putVNet(record: VNetRecord): void {
    this.vnets.set(vnetKey(record.ref), record);
  }

  /** The subnet an ID names, with its VNet; undefined when either does not exist. */
  findSubnet(id: string): { vnet: VNetRecord; subnet: SubnetRecord } | undefined {
    const parsed = parseSubnetId(id);
    const vnet = parsed ? this.getVNet(parsed.vnet) : undefined;
    const subnet = parsed ? vnet?.subnets.get(parsed.subnet.toLowerCase()) : undefined;
    return vnet && subnet ? { vnet, subnet } : undefined;
  }

  clear(): void {
    this.vnets.clear();
  }
}

export function newSubnet(name: string, addressPrefixes: string[], delegations: string[]): SubnetRecord {
  return { name, addressPrefixes, delegations, etag: `W/"${randomUUID()}"` };
}

export function renderSubnet(vnet: VNetRecord, s: SubnetRecord): JsonObject {
  const id = subnetId(vnet.ref, s.name);
  const properties: JsonObject = {
    provisioningState: 'Succeeded',
    delegations: s.delegations.map((serviceName, i) => ({
      id: `${id}/delegations/${i}`,
      name: String(i),
      etag: s.etag,
      type: 'Microsoft.Network/virtualNetworks/subnets/delegations',
      properties: { provisioningState: 'Succeeded', serviceName, actions: [] },
    })),
    privateEndpointNetworkPolicies: 'Disabled',
    privateLinkServiceNetworkPolicies: 'Enabled',
  };
  // ARM answers a single prefix as addressPrefix and several as addressPrefixes.
  if (s.addressPrefixes.length === 1) properties.addressPrefix = s.addressPrefixes[0]!;
  else properties.addressPrefixes = [...s.addressPrefixes];
  return { id, name: s.name, etag: s.etag, type: 'Microsoft.Network/virtualNetworks/subnets', properties };
}

export function renderVNet(v: VNetRecord): JsonObject {
  const body: JsonObject = {
    id: vnetId(v.ref),
    name: v.ref.vnet,
    type: 'Microsoft.Network/virtualNetworks',
    location: v.location,
    etag: v.etag,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: v.resourceGuid,
      addressSpace: { addressPrefixes: [...v.addressPrefixes] },
      subnets: [...v.subnets.values()].map((s) => renderSubnet(v, s)),
      virtualNetworkPeerings: [],
      enableDdosProtection: false,
    },
  };
  if (v.tags) body.tags = v.tags;
  return body;
}

/** An IPv4 CIDR as its first address and size; undefined when it is not one. */
export function parseCidr(cidr: string): { start: number; size: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const address = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - bits);
  return { start: address - (address % size), size };
}

/** Whether every address of `inner` lies in one of `outer`. */
export function cidrWithin(inner: string, outer: readonly string[]): boolean {
  const i = parseCidr(inner);
  return (
    i !== undefined &&
    outer.some((o) => {
      const c = parseCidr(o);
      return c !== undefined && i.start >= c.start && i.start + i.size <= c.start + c.size;
    })
  );
}

/** Addresses a subnet offers to resources: Azure reserves five in every subnet. */
export function usableAddresses(s: SubnetRecord): number {
  return s.addressPrefixes.reduce((n, p) => n + Math.max(0, (parseCidr(p)?.size ?? 0) - 5), 0);
}
