// The one way into a workload cluster's API server, for every controller: as the object's own Azure
// identity. A cluster with AKS-managed Entra ID is reached with its user kubeconfig whose kubelogin exec
// user is replaced by an Entra token for the AKS server application (as `kubelogin convert-kubeconfig`
// does), refreshed before it expires; other clusters, and Entra ID clusters whose API server refused the
// token while local accounts are enabled, with the admin kubeconfig. Kept per cluster and identity, in
// memory only; forgotten when the API server answers 401/403, so rotated credentials heal by themselves.
import type * as Arm from '@azure/arm-containerservice';
import type { TokenCredential } from '@azure/core-auth';
import { ApiException, KubeConfig } from '@kubernetes/client-node';
import { TransientError, awaitOutside, type Clock } from '../runtime/index.js';
import type { ManagedClustersArm } from './managed-clusters.js';

/** The AKS server application ("Azure Kubernetes Service AAD Server"), the audience of cluster tokens. */
export const AKS_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';
const AKS_SERVER_SCOPE = `${AKS_SERVER_APP_ID}/.default`;

/** A token is replaced this long before it expires, so a pass never starts with one about to lapse. */
export const TOKEN_REFRESH_BEFORE_MS = 5 * 60_000;
/** Credentials kept at most (clusters × identities); the oldest goes first, e.g. a deleted cluster's. */
const MAX_ENTRIES = 2048;

/** Workload clusters as one identity reaches them. */
export interface WorkloadClustersArm {
  /**
   * A KubeConfig reaching the cluster's API server (a secret: never log it). Reads Azure (the cluster,
   * a credential, maybe an Entra token) only when nothing usable is kept. Absent cluster → undefined.
   * Throws classified errors (TransientError when no token can be had).
   */
  open(clusterId: string, signal?: AbortSignal): Promise<KubeConfig | undefined>;
  /**
   * When `err` is the API server refusing the credential (401/403), forgets what is kept for the cluster
   * and says true; the next open fetches again (the admin kubeconfig, after a refused Entra token, where
   * local accounts are enabled).
   */
  forgetIfRefused(clusterId: string, err: unknown): boolean;
  /**
   * The private API server of a cluster opened before, when Azure says it is private: where the
   * kubeconfig points (reachable only through the cluster's network) and its private DNS zone.
   */
  privateApiServer(clusterId: string): PrivateApiServer | undefined;
}

/** A private cluster's API server, as its Azure body describes it. */
export interface PrivateApiServer {
  /** `privateFQDN`. */
  fqdn: string;
  /** `apiServerAccessProfile.privateDNSZone`: `system`, `none` or a zone's ARM ID. */
  privateDnsZone?: string;
}

interface Entry {
  kc: KubeConfig;
  /** When the Entra token inside expires; absent for the admin kubeconfig. */
  expiresOnMs?: number;
  /** Reached with an Entra token on a cluster that also has local accounts. */
  mayFallBackToAdmin: boolean;
  privateApiServer?: PrivateApiServer;
}

interface Binding {
  /** A stable, secret-free key of the identity (identityKey). */
  identityKey: string;
  managedClusters: Pick<ManagedClustersArm, 'get' | 'listAdminCredential' | 'listUserCredential'>;
  credential: TokenCredential;
  /** For messages: who signs in (describeIdentity). */
  who: string;
}

/** The shared cache behind every identity's WorkloadClustersArm. */
export class WorkloadClusterCache {
  private readonly entries = new Map<string, Entry>();
  private readonly opening = new Map<string, Promise<Entry | undefined>>();
  /** Clusters whose API server refused this identity's Entra token while local accounts were enabled. */
  private readonly entraRefused = new Set<string>();

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  /** The accessor of one identity over this cache. */
  bind(binding: Binding): WorkloadClustersArm {
    return {
      open: (clusterId, signal) => this.open(binding, clusterId, signal),
      forgetIfRefused: (clusterId, err) => this.forgetIfRefused(binding, clusterId, err),
      privateApiServer: (clusterId) => this.entries.get(keyOf(binding, clusterId))?.privateApiServer,
    };
  }

  private async open(
    binding: Binding,
    clusterId: string,
    signal?: AbortSignal,
  ): Promise<KubeConfig | undefined> {
    const key = keyOf(binding, clusterId);
    const kept = this.entries.get(key);
    if (
      kept &&
      (kept.expiresOnMs === undefined || kept.expiresOnMs - this.clock.now() > TOKEN_REFRESH_BEFORE_MS)
    )
      return kept.kc;
    let opening = this.opening.get(key);
    if (!opening) {
      opening = this.fetch(binding, key, clusterId, signal).finally(() => this.opening.delete(key));
      this.opening.set(key, opening);
    }
    // Another reconcile may have started the fetch: waiting for it is waiting on Azure, not own work.
    const fetching = opening;
    const entry = await awaitOutside(() => fetching);
    this.entries.delete(key);
    if (entry) this.entries.set(key, entry);
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return entry?.kc;
  }

  private async fetch(
    binding: Binding,
    key: string,
    clusterId: string,
    signal?: AbortSignal,
  ): Promise<Entry | undefined> {
    const cluster = await binding.managedClusters.get(clusterId, signal);
    if (!cluster) return undefined;
    const hasLocalAccounts = cluster.disableLocalAccounts !== true;
    const isEntra = cluster.aadProfile?.managed === true;
    const privateApiServer = privateApiServerOf(cluster);
    const where = privateApiServer ? { privateApiServer } : {};
    if (isEntra && !(hasLocalAccounts && this.entraRefused.has(key))) {
      const yaml = await binding.managedClusters.listUserCredential(clusterId, signal);
      if (!yaml) return undefined;
      const token = await aksServerToken(binding, clusterId, signal);
      return {
        kc: withBearerToken(yaml, token.token),
        expiresOnMs: token.expiresOnTimestamp,
        mayFallBackToAdmin: hasLocalAccounts,
        ...where,
      };
    }
    const yaml = await binding.managedClusters.listAdminCredential(clusterId, signal);
    if (!yaml) return undefined;
    const kc = new KubeConfig();
    kc.loadFromString(yaml);
    return { kc, mayFallBackToAdmin: false, ...where };
  }

  private forgetIfRefused(binding: Binding, clusterId: string, err: unknown): boolean {
    if (!isRefusedByApiServer(err)) return false;
    const key = keyOf(binding, clusterId);
    const entry = this.entries.get(key);
    if (entry?.mayFallBackToAdmin) this.entraRefused.add(key);
    else this.entraRefused.delete(key);
    this.entries.delete(key);
    return true;
  }
}

function privateApiServerOf(cluster: Arm.ManagedCluster): PrivateApiServer | undefined {
  const access = cluster.apiServerAccessProfile;
  if (access?.enablePrivateCluster !== true || !cluster.privateFqdn) return undefined;
  return {
    fqdn: cluster.privateFqdn,
    ...(access.privateDNSZone ? { privateDnsZone: access.privateDNSZone } : {}),
  };
}

function keyOf(binding: Binding, clusterId: string): string {
  return `${clusterId.toLowerCase()}#${binding.identityKey}`;
}

async function aksServerToken(
  binding: Binding,
  clusterId: string,
  signal?: AbortSignal,
): Promise<{ token: string; expiresOnTimestamp: number }> {
  let token: { token: string; expiresOnTimestamp: number } | null;
  try {
    token = await binding.credential.getToken(AKS_SERVER_SCOPE, signal ? { abortSignal: signal } : {});
  } catch (err: unknown) {
    if (signal?.aborted) throw err;
    throw new TransientError(
      `cannot get an Entra ID token for the AKS server application as ${binding.who} to reach cluster ${clusterId}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  if (!token) {
    throw new TransientError(
      `cannot get an Entra ID token for the AKS server application as ${binding.who}: Entra ID returned none`,
    );
  }
  return token;
}

/** The kubeconfig with every user replaced by the bearer token (the exec plugin is not run). */
function withBearerToken(yaml: string, token: string): KubeConfig {
  const loaded = new KubeConfig();
  loaded.loadFromString(yaml);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: loaded.clusters,
    contexts: loaded.contexts,
    currentContext: loaded.currentContext,
    users: loaded.users.map((u) => ({ name: u.name, token })),
  });
  return kc;
}

/** Whether `err` (or an error it wraps) is an answer of a Kubernetes API server (any HTTP status). */
export function isApiServerAnswer(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (e instanceof ApiException) return true;
    e = e instanceof Error ? e.cause : undefined;
  }
  return false;
}

/** Whether `err` (or an error it wraps) is a Kubernetes API server's 401 or 403. */
export function isRefusedByApiServer(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (e instanceof ApiException && (e.code === 401 || e.code === 403)) return true;
    e = e instanceof Error ? e.cause : undefined;
  }
  return false;
}
