// Microsoft.Network virtual networks and subnets (synchronous): PUT creates or replaces (201 or 200) and
// GET reads, in ARM's shapes. Tests and local mode create the VNets pools join through these; the
// simulated AKS reads them when a pool names a subnet.
import type { SimRequest, SimResponse } from '../http-types.js';
import { isObject, str, strings, type JsonObject } from '../json.js';
import { networkErrors } from '../network-errors.js';
import {
  cidrWithin,
  newSubnet,
  parseCidr,
  renderSubnet,
  renderVNet,
  subnetId,
  vnetId,
  type SubnetRecord,
  type VNetRecord,
  type VNetRef,
} from '../network-model.js';
import type { SimContext } from '../sim-context.js';
import { randomUUID } from 'node:crypto';
import { bodyObject, tagsOf } from './lookup.js';

function vnetRefOf(req: SimRequest): VNetRef {
  return {
    subscriptionId: req.params.subscriptionId ?? '',
    resourceGroup: req.params.resourceGroupName ?? '',
    vnet: req.params.virtualNetworkName ?? '',
  };
}

function requireVNet(ctx: SimContext, req: SimRequest): VNetRecord {
  const ref = vnetRefOf(req);
  const vnet = ctx.store.networks.getVNet(ref);
  if (!vnet) throw networkErrors.vnetNotFound(ref.vnet, ref.resourceGroup);
  return vnet;
}

export function getVirtualNetwork(ctx: SimContext, req: SimRequest): SimResponse {
  return { status: 200, body: renderVNet(requireVNet(ctx, req)) };
}

export function getSubnet(ctx: SimContext, req: SimRequest): SimResponse {
  const vnet = requireVNet(ctx, req);
  const name = req.params.subnetName ?? '';
  const subnet = vnet.subnets.get(name.toLowerCase());
  if (!subnet) throw networkErrors.subnetNotFound(subnetId(vnet.ref, name));
  return { status: 200, body: renderSubnet(vnet, subnet) };
}

export function putVirtualNetwork(ctx: SimContext, req: SimRequest): SimResponse {
  const ref = vnetRefOf(req);
  const body = bodyObject(req);
  const location = str(body, 'location');
  if (!location) throw networkErrors.locationRequired();
  const props = isObject(body.properties) ? body.properties : {};
  const space = isObject(props.addressSpace) ? props.addressSpace : {};
  const prefixes = strings(space, 'addressPrefixes') ?? [];
  for (const p of prefixes) if (!parseCidr(p)) throw networkErrors.invalidPrefix(p, vnetId(ref));
  const existing = ctx.store.networks.getVNet(ref);
  const record: VNetRecord = {
    ref,
    location,
    addressPrefixes: prefixes,
    // Subnets not listed in the body are kept, as `az network vnet update` does.
    subnets: new Map(existing?.subnets ?? []),
    resourceGuid: existing?.resourceGuid ?? randomUUID(),
    etag: `W/"${randomUUID()}"`,
  };
  const tags = tagsOf(body);
  if (tags) record.tags = tags;
  const listed = Array.isArray(props.subnets) ? props.subnets.filter(isObject) : [];
  for (const s of listed) addSubnet(record, subnetFromBody(record, str(s, 'name') ?? '', s));
  ctx.store.networks.putVNet(record);
  return { status: existing ? 200 : 201, body: renderVNet(record) };
}

export function putSubnet(ctx: SimContext, req: SimRequest): SimResponse {
  const vnet = requireVNet(ctx, req);
  const name = req.params.subnetName ?? '';
  const existed = vnet.subnets.has(name.toLowerCase());
  const subnet = subnetFromBody(vnet, name, bodyObject(req));
  addSubnet(vnet, subnet);
  vnet.etag = `W/"${randomUUID()}"`;
  return { status: existed ? 200 : 201, body: renderSubnet(vnet, subnet) };
}

function subnetFromBody(vnet: VNetRecord, name: string, body: JsonObject): SubnetRecord {
  const props = isObject(body.properties) ? body.properties : {};
  const single = str(props, 'addressPrefix');
  const prefixes = single ? [single] : (strings(props, 'addressPrefixes') ?? []);
  const id = subnetId(vnet.ref, name);
  for (const p of prefixes) {
    if (!parseCidr(p)) throw networkErrors.invalidPrefix(p, id);
    if (!cidrWithin(p, vnet.addressPrefixes)) throw networkErrors.subnetOutsideVNet(name, vnet.ref.vnet);
  }
  const delegations = (Array.isArray(props.delegations) ? props.delegations.filter(isObject) : [])
    .map((d) => str(isObject(d.properties) ? d.properties : {}, 'serviceName'))
    .filter((n): n is string => !!n);
  return newSubnet(name, prefixes, delegations);
}

/** Adds or replaces a subnet; refuses one whose range overlaps another subnet of the VNet. */
function addSubnet(vnet: VNetRecord, subnet: SubnetRecord): void {
  const key = subnet.name.toLowerCase();
  for (const [otherKey, other] of vnet.subnets) {
    if (otherKey === key) continue;
    const overlaps = subnet.addressPrefixes.some((p) =>
      other.addressPrefixes.some((o) => cidrWithin(p, [o]) || cidrWithin(o, [p])),
    );
    if (overlaps) throw networkErrors.subnetsOverlap(subnet.name, vnet.ref.vnet);
  }
  vnet.subnets.set(key, subnet);
}
