// The real @azure/arm-containerservice client pointed at a simulator, exactly as the operator builds
// it (endpoint, TLS CA, static token), plus a pipeline policy that records every raw response.
import { ContainerServiceClient } from '@azure/arm-containerservice';
import type { TokenCredential } from '@azure/core-auth';
import type { Simulator } from '../simulator.js';

export interface CapturedResponse {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface SdkHandle {
  client: ContainerServiceClient;
  responses: CapturedResponse[];
}

export const STATIC_CREDENTIAL: TokenCredential = {
  getToken: async () => ({ token: 'sim', expiresOnTimestamp: Date.now() + 3600e3 }),
};

/** Fast polling for tests: the client otherwise waits 2 s between polls. */
export const FAST_POLL = { updateIntervalInMs: 5 } as const;

export const SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

export function sdkClient(
  sim: Pick<Simulator, 'endpoint' | 'caPem'>,
  options: { subscriptionId?: string; maxRetries?: number } = {},
): SdkHandle {
  const client = new ContainerServiceClient(STATIC_CREDENTIAL, options.subscriptionId ?? SUBSCRIPTION, {
    endpoint: sim.endpoint,
    tlsOptions: { ca: sim.caPem },
    retryOptions: { maxRetries: options.maxRetries ?? 0 },
  });
  const responses: CapturedResponse[] = [];
  client.pipeline.addPolicy({
    name: 'captureResponses',
    sendRequest: async (request, next) => {
      const response = await next(request);
      let body: unknown;
      try {
        body = response.bodyAsText ? (JSON.parse(response.bodyAsText) as unknown) : undefined;
      } catch {
        body = response.bodyAsText; // not JSON: keep the text for the assertion message
      }
      responses.push({
        method: request.method,
        url: request.url,
        status: response.status,
        headers: response.headers.toJSON(),
        body,
      });
      return response;
    },
  });
  return { client, responses };
}
