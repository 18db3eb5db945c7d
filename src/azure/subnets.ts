// Subnets of Microsoft.Network, read (Reader is enough) before a pool is created in one, so a missing,
// delegated or too small subnet is named ahead instead of found as AKS's refusal. Sent through the same
// pipeline as the AKS calls (identity, retries, TLS, metrics); the AKS SDK has no call for it.
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import { createPipelineRequest, RestError, type HttpClient } from '@azure/core-rest-pipeline';
import { callOrAbsent, type AdapterContext } from './adapter-context.js';

/** API version of Microsoft.Network subnets. */
export const NETWORK_API_VERSION = '2024-05-01';

export interface Subnet {
  id: string;
  /** The subnet's ranges (ARM's addressPrefix, or addressPrefixes when it has several). */
  addressPrefixes: string[];
  /** Services the subnet is delegated to, e.g. Microsoft.Web/serverFarms. */
  delegations: string[];
}

export interface SubnetsArm {
  /** The subnet an ARM subnet ID names; undefined when it or its VNet does not exist. Read-only. */
  get(id: string, signal?: AbortSignal): Promise<Subnet | undefined>;
}

interface SubnetBody {
  properties?: {
    addressPrefix?: string;
    addressPrefixes?: string[];
    delegations?: { properties?: { serviceName?: string } }[];
  };
  error?: { code?: string; message?: string };
}

export interface SubnetsContext extends AdapterContext {
  /** Resource Manager URL the clients talk to. */
  resourceManagerUrl: string;
  httpClient: HttpClient;
}

export class SdkSubnetsArm implements SubnetsArm {
  constructor(private readonly ctx: SubnetsContext) {}

  get(id: string, signal?: AbortSignal): Promise<Subnet | undefined> {
    const subscriptionId = /^\/subscriptions\/([^/]+)\//i.exec(id)?.[1] ?? '';
    const spec = { operation: 'subnets.get', verb: 'read', what: `subnet ${id}` };
    return callOrAbsent(this.ctx, spec, () => this.read(this.ctx.clientFor(subscriptionId), id, signal));
  }

  private async read(client: ContainerServiceClient, id: string, signal?: AbortSignal): Promise<Subnet> {
    const path = `${id.split('/').map(encodeURIComponent).join('/')}?api-version=${NETWORK_API_VERSION}`;
    const request = createPipelineRequest({
      url: new URL(path, this.ctx.resourceManagerUrl).toString(),
      method: 'GET',
      ...(signal ? { abortSignal: signal } : {}),
    });
    const response = await client.pipeline.sendRequest(this.ctx.httpClient, request);
    const body = (response.bodyAsText ? JSON.parse(response.bodyAsText) : {}) as SubnetBody;
    if (response.status >= 400) {
      throw new RestError(body.error?.message ?? `HTTP ${response.status}`, {
        statusCode: response.status,
        ...(body.error?.code ? { code: body.error.code } : {}),
        request,
        response,
      });
    }
    const props = body.properties ?? {};
    return {
      id,
      addressPrefixes: props.addressPrefix ? [props.addressPrefix] : (props.addressPrefixes ?? []),
      delegations: (props.delegations ?? [])
        .map((d) => d.properties?.serviceName)
        .filter((n): n is string => !!n),
    };
  }
}
