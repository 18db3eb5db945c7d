// Creates virtual networks and subnets in a simulator through the ARM protocol (plain HTTPS PUTs, as
// `az network vnet create` or `az rest` send them), for tests and local mode whose pools join subnets.
import { readFileSync } from 'node:fs';
import https from 'node:https';

export interface ArmAnswer {
  status: number;
  body: unknown;
}

export interface NetworkTarget {
  /** The simulator's ARM endpoint and the CA that signs its certificate. */
  endpoint: string;
  caPem: string;
}

export const NETWORK_API_VERSION = '2024-05-01';

export function armRequest(
  target: NetworkTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<ArmAnswer> {
  const url = new URL(path, target.endpoint);
  url.searchParams.set('api-version', NETWORK_API_VERSION);
  const text = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { authorization: 'Bearer network-setup' };
  if (text) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers, ca: target.caPem }, (res) => {
      let answer = '';
      res.on('data', (c: Buffer) => (answer += c.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: answer ? (JSON.parse(answer) as unknown) : undefined }),
      );
    });
    req.on('error', reject);
    req.end(text);
  });
}

export interface SubnetInput {
  name: string;
  addressPrefix: string;
  /** Service the subnet is delegated to, e.g. Microsoft.Web/serverFarms. */
  delegatedTo?: string;
}

export interface VNetInput {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  addressPrefixes: string[];
  subnets: SubnetInput[];
}

export function vnetPath(v: Pick<VNetInput, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `/subscriptions/${v.subscriptionId}/resourceGroups/${v.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${v.name}`;
}

/** PUTs the VNet with its subnets; throws unless ARM answers 200 or 201. Returns the subnet IDs by name. */
export async function createVNet(target: NetworkTarget, v: VNetInput): Promise<Record<string, string>> {
  const answer = await armRequest(target, 'PUT', vnetPath(v), {
    location: v.location,
    properties: {
      addressSpace: { addressPrefixes: v.addressPrefixes },
      subnets: v.subnets.map((s) => ({
        name: s.name,
        properties: {
          addressPrefix: s.addressPrefix,
          ...(s.delegatedTo
            ? { delegations: [{ name: 'delegation', properties: { serviceName: s.delegatedTo } }] }
            : {}),
        },
      })),
    },
  });
  if (answer.status !== 200 && answer.status !== 201)
    throw new Error(
      `cannot create virtual network ${v.name}: ${answer.status} ${JSON.stringify(answer.body)}`,
    );
  return Object.fromEntries(v.subnets.map((s) => [s.name, `${vnetPath(v)}/subnets/${s.name}`]));
}

/** PUTs the VNet an ARM resource file describes (`id`, `location`, `properties`, as `az rest` sends it). */
export async function createVNetFromFile(target: NetworkTarget, file: string): Promise<void> {
  const resource = JSON.parse(readFileSync(file, 'utf8')) as { id: string } & Record<string, unknown>;
  const { id, ...body } = resource;
  const answer = await armRequest(target, 'PUT', id, body);
  if (answer.status !== 200 && answer.status !== 201)
    throw new Error(`cannot create virtual network ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
}
