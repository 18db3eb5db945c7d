// Builds and caches one ContainerServiceClient per (subscription, identity), pointed at Azure or at the
// local AKS simulator (HTTPS with its own CA). Every client carries the observer policy that feeds
// call records and HTTP metrics.

import {
  ContainerServiceClient,
  type ContainerServiceClientOptionalParams,
} from '@azure/arm-containerservice';
import type { TokenCredential } from '@azure/core-auth';
import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';
import { ARM_LIMITS, ArmBudget, armBudgetPolicy, type ArmBudgetLimits } from './arm-budget.js';
import { awaitedTimePolicy } from './awaited-time-policy.js';
import { armObserverPolicy } from './call-context.js';
import type { ArmCallMetrics } from './call-metrics.js';
import {
  AzureIdentityCredentialSource,
  DEFAULT_SIMULATOR_TOKEN,
  identityKey,
  StaticTokenCredentialSource,
  staticTokenCredential,
  type AzureIdentity,
  type CredentialSource,
} from './credentials.js';
import { realClock, type Clock } from '../runtime/index.js';
import type { ServiceAccountTokens } from './service-account-tokens.js';
import { WorkloadClusterCache } from './workload-clusters.js';

export const AZURE_RESOURCE_MANAGER_ENDPOINT = 'https://management.azure.com';

/** Where ARM lives and how to trust it. */
export type ArmEndpointConfig =
  | {
      mode: 'azure';
      /** Resource Manager endpoint of a sovereign cloud; public Azure when omitted. */
      endpoint?: string;
      /** Entra authority matching `endpoint`. */
      authorityHost?: string;
    }
  | {
      mode: 'simulator';
      /** `https://127.0.0.1:<port>` of the local AKS simulator. */
      endpoint: string;
      /** PEM of the CA that signed the simulator's certificate. */
      caPem: string;
      /** Bearer token to present as the operator's own identity; any value works unless Entra tokens are required. */
      token?: string;
      /**
       * The simulator's Entra ID authority host: when set, service principals and workload identities
       * are exchanged there as in Azure; when absent every identity presents `token`.
       */
      authorityHost?: string;
    };

export interface ArmClientFactoryOptions {
  endpoint: ArmEndpointConfig;
  /** Overrides how identities become credentials (default: from `endpoint.mode`). */
  credentials?: CredentialSource;
  /** Tokens of a namespace's identity ServiceAccount, for workload identities. */
  serviceAccountTokens?: ServiceAccountTokens;
  /** Overrides the SDK's default api-version (2026-06-01 for 25.5.0). */
  apiVersion?: string;
  /**
   * The operator's own share of ARM's request limits per (subscription, identity): each HTTP attempt waits
   * for a token (ARM's limits when omitted; `false` sends without waiting, as when nothing else shares them).
   */
  budget?: ArmBudgetLimits | false;
  /** SDK pipeline retries of 429/5xx/network errors before a call fails (SDK default 3). */
  maxRetries?: number;
  metrics?: ArmCallMetrics;
  /** Clients kept at most; the oldest is dropped first (secret rotation creates new identities). */
  maxClients?: number;
  /** Time of token expiry checks; the wall clock when omitted. */
  clock?: Pick<Clock, 'now'>;
  /** Transport replacing Node's HTTPS client (in-process tests of the SDK path). */
  httpClient?: ContainerServiceClientOptionalParams['httpClient'];
  /** This replica's identity, sent in the User-Agent (`replica/<identity>`) so ARM's logs tell replicas apart. */
  replica?: string;
}

const DEFAULT_MAX_CLIENTS = 256;
const USER_AGENT_PREFIX = 'aks-lifecycle-operator';

/** One client per (subscription, identity); building a client never calls Azure. */
export class ArmClientFactory {
  private readonly clients = new Map<string, ContainerServiceClient>();
  /** The budgets of the cached clients, by the same key. */
  private readonly budgets = new Map<string, ArmBudget>();
  private budgetShare = 1;
  private readonly credentials: CredentialSource;
  private readonly maxClients: number;
  private defaultHttpClient?: HttpClient;
  /** Workload cluster credentials of every identity using this factory's clients. */
  readonly workloadClusters: WorkloadClusterCache;

  constructor(private readonly options: ArmClientFactoryOptions) {
    this.credentials =
      options.credentials ?? defaultCredentialSource(options.endpoint, options.serviceAccountTokens);
    this.maxClients = options.maxClients ?? DEFAULT_MAX_CLIENTS;
    this.workloadClusters = new WorkloadClusterCache(options.clock ?? { now: () => Date.now() });
  }

  /** The metrics calls through this factory's clients are counted on, if any. */
  get metrics(): ArmCallMetrics | undefined {
    return this.options.metrics;
  }

  /** The Resource Manager URL the clients talk to. */
  get resourceManagerUrl(): string {
    return this.options.endpoint.endpoint ?? AZURE_RESOURCE_MANAGER_ENDPOINT;
  }

  /** The HTTP client for requests sent through a client's pipeline by hand. */
  get httpClient(): HttpClient {
    this.defaultHttpClient ??= this.options.httpClient ?? createDefaultHttpClient();
    return this.defaultHttpClient;
  }

  /** The credential of `identity` (cached per identity); never calls Azure. */
  credential(identity: AzureIdentity = {}): TokenCredential {
    return this.credentials.credentialFor(identity);
  }

  /** The cached client for `subscriptionId` acting as `identity` (the operator's own when omitted). */
  client(subscriptionId: string, identity: AzureIdentity = {}): ContainerServiceClient {
    const key = `${subscriptionId.toLowerCase()}#${identityKey(identity)}`;
    const cached = this.clients.get(key);
    if (cached) return cached;
    const budget = this.newBudget();
    const client = new ContainerServiceClient(
      this.credentials.credentialFor(identity),
      subscriptionId,
      this.clientOptions(budget),
    );
    if (this.clients.size >= this.maxClients) {
      const oldest = this.clients.keys().next().value;
      if (oldest !== undefined) {
        this.clients.delete(oldest);
        this.budgets.delete(oldest);
      }
    }
    this.clients.set(key, client);
    if (budget) this.budgets.set(key, budget);
    return client;
  }

  /**
   * Every client's budget, now and later, takes `share` (in (0, 1]) of the configured one: replicas that
   * split the fleet split each subscription's budget too.
   */
  setBudgetShare(share: number): void {
    if (!(share > 0 && share <= 1)) throw new Error(`budget share must be in (0, 1], got ${share}`);
    this.budgetShare = share;
    for (const budget of this.budgets.values()) budget.setShare(share);
  }

  /** A client's budget; ARM counts per subscription and principal, and so does a client. */
  private newBudget(): ArmBudget | undefined {
    const { budget = ARM_LIMITS, metrics } = this.options;
    if (budget === false) return undefined;
    // ARM's limits are wall-clock rates, whatever clock the controllers run on.
    return new ArmBudget(
      budget,
      realClock,
      metrics ? (cls, ms) => metrics.recordBudgetWait(cls, ms) : undefined,
      this.budgetShare,
    );
  }

  private clientOptions(budget: ArmBudget | undefined): ContainerServiceClientOptionalParams {
    const { endpoint, apiVersion, maxRetries, metrics, httpClient } = this.options;
    const options: ContainerServiceClientOptionalParams = {
      userAgentOptions: {
        userAgentPrefix: this.options.replica
          ? `${USER_AGENT_PREFIX} replica/${this.options.replica}`
          : USER_AGENT_PREFIX,
      },
      additionalPolicies: [
        { policy: awaitedTimePolicy(), position: 'perCall' },
        ...(budget ? [{ policy: armBudgetPolicy(budget), position: 'perRetry' as const }] : []),
        {
          policy: armObserverPolicy(metrics ? (method, code) => metrics.recordHttp(method, code) : undefined),
          position: 'perRetry',
        },
      ],
    };
    if (apiVersion) options.apiVersion = apiVersion;
    if (httpClient) options.httpClient = httpClient;
    if (maxRetries !== undefined) options.retryOptions = { maxRetries };
    if (endpoint.mode === 'simulator') {
      options.endpoint = endpoint.endpoint;
      options.tlsOptions = { ca: endpoint.caPem };
    } else if (endpoint.endpoint && endpoint.endpoint !== AZURE_RESOURCE_MANAGER_ENDPOINT) {
      options.endpoint = endpoint.endpoint;
      // Tokens must be minted for the cloud the requests go to.
      options.credentials = { scopes: [`${new URL(endpoint.endpoint).origin}/.default`] };
    }
    return options;
  }
}

function defaultCredentialSource(
  endpoint: ArmEndpointConfig,
  serviceAccountTokens: ServiceAccountTokens | undefined,
): CredentialSource {
  const tokens = serviceAccountTokens ? { serviceAccountTokens } : {};
  if (endpoint.mode === 'simulator') {
    if (!endpoint.authorityHost) return new StaticTokenCredentialSource(endpoint.token);
    return new AzureIdentityCredentialSource({
      authorityHost: endpoint.authorityHost,
      authorityCaPem: endpoint.caPem,
      operatorCredential: staticTokenCredential(endpoint.token ?? DEFAULT_SIMULATOR_TOKEN),
      ...tokens,
    });
  }
  return new AzureIdentityCredentialSource({
    ...(endpoint.authorityHost ? { authorityHost: endpoint.authorityHost } : {}),
    ...tokens,
  });
}
