// vCPU quota of a subscription in a region (Microsoft.Compute usages): read before asking AKS for more
// nodes, so a shortfall is named ahead instead of found as QuotaExceeded. Sent through the same
// pipeline as the AKS calls (identity, retries, TLS, metrics); the AKS SDK has no call for it.
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import { createPipelineRequest, RestError, type HttpClient } from '@azure/core-rest-pipeline';
import { call, type AdapterContext } from './adapter-context.js';

/** API version of Microsoft.Compute usages. */
export const COMPUTE_USAGES_API_VERSION = '2024-07-01';

export interface ComputeUsage {
  /** `cores` for the region, `standardDSv3Family` for a VM family. */
  name: string;
  currentValue: number;
  limit: number;
}

export interface ComputeUsagesArm {
  /** vCPU usage and limit per quota family and for the region. Read-only. */
  list(scope: { subscriptionId: string; location: string }, signal?: AbortSignal): Promise<ComputeUsage[]>;
}

interface UsagesBody {
  value?: { name?: { value?: string }; currentValue?: number; limit?: number }[];
  error?: { code?: string; message?: string };
}

export interface ComputeUsagesContext extends AdapterContext {
  /** Resource Manager URL the clients talk to. */
  resourceManagerUrl: string;
  httpClient: HttpClient;
}

export class SdkComputeUsagesArm implements ComputeUsagesArm {
  constructor(private readonly ctx: ComputeUsagesContext) {}

  list(scope: { subscriptionId: string; location: string }, signal?: AbortSignal): Promise<ComputeUsage[]> {
    const { subscriptionId, location } = scope;
    const spec = {
      operation: 'computeUsages.list',
      verb: 'read the vCPU quota of',
      what: `subscription ${subscriptionId} in ${location}`,
    };
    return call(this.ctx, spec, () => this.get(this.ctx.clientFor(subscriptionId), scope, signal));
  }

  private async get(
    client: ContainerServiceClient,
    scope: { subscriptionId: string; location: string },
    signal?: AbortSignal,
  ): Promise<ComputeUsage[]> {
    const path =
      `/subscriptions/${encodeURIComponent(scope.subscriptionId)}/providers/Microsoft.Compute/locations/` +
      `${encodeURIComponent(scope.location)}/usages?api-version=${COMPUTE_USAGES_API_VERSION}`;
    const request = createPipelineRequest({
      url: new URL(path, this.ctx.resourceManagerUrl).toString(),
      method: 'GET',
      ...(signal ? { abortSignal: signal } : {}),
    });
    const response = await client.pipeline.sendRequest(this.ctx.httpClient, request);
    const body = (response.bodyAsText ? JSON.parse(response.bodyAsText) : {}) as UsagesBody;
    if (response.status >= 400) {
      throw new RestError(body.error?.message ?? `HTTP ${response.status}`, {
        statusCode: response.status,
        ...(body.error?.code ? { code: body.error.code } : {}),
        request,
        response,
      });
    }
    return (body.value ?? []).map((u) => ({
      name: u.name?.value ?? '',
      currentValue: u.currentValue ?? 0,
      limit: u.limit ?? 0,
    }));
  }
}
