// The simulator's view of a cluster's data plane: what the ARM side asks of the nodes behind a cluster.
// The operation engine calls it while an operation runs; the operation finishes when the call returns.
// Two implementations: kwok-backed (real Kubernetes API per cluster, nodes as kwok Nodes) and none (fleet scale).

/** The parts of an agent pool that shape its nodes. */
export interface PoolShape {
  name: string;
  mode: 'System' | 'User' | 'Gateway';
  vmSize: string;
  count: number;
  orchestratorVersion: string;
  nodeImageVersion: string;
  osType: string;
  osSKU?: string;
  maxPods: number;
  nodeLabels: Record<string, string>;
  nodeTaints: string[];
  availabilityZones: string[];
  scaleSetPriority: 'Regular' | 'Spot';
  upgradeSettings: {
    maxSurge?: string;
    drainTimeoutInMinutes?: number;
    nodeSoakDurationInMinutes?: number;
    undrainableNodeBehavior?: 'Cordon' | 'Schedule';
  };
}

/** The query of an agent pool DELETE that reaches the nodes. */
export interface DeletePoolOptions {
  /** `ignore-pod-disruption-budget=true`. */
  ignorePodDisruptionBudget?: boolean;
}

/** AKS-managed Entra ID integration (`aadProfile.managed`): who the cluster's API server trusts. */
export interface ClusterAad {
  /** `aadProfile.tenantID`; absent: the tenants Entra knows when the cluster starts. */
  tenantId?: string;
  /** `aadProfile.enableAzureRBAC`: Azure role assignments authorize too (through a webhook). */
  isAzureRbac: boolean;
  /** `disableLocalAccounts`: no admin kubeconfig is handed out. */
  isLocalAccountsDisabled: boolean;
  /** `aadProfile.adminGroupObjectIDs`: groups bound to cluster-admin, as AKS binds them. */
  adminGroupObjectIds: string[];
}

/** Identity of a simulated cluster as the data plane sees it. */
export interface ClusterShape {
  id: string; // ARM resource ID
  name: string;
  location: string;
  kubernetesVersion: string;
  nodeResourceGroup: string;
  /** Set for clusters with AKS-managed Entra ID integration. */
  aad?: ClusterAad;
  /**
   * A private cluster's API server address (`privateFQDN`): the kubeconfigs handed out name it, and it is
   * reachable only from the cluster's network, so from here it does not resolve.
   */
  privateFqdn?: string;
}

/** Where a cluster's API server finds Entra ID: its keys (OIDC discovery) and the Azure RBAC webhook. */
export interface EntraAuthority {
  /** `https://127.0.0.1:<port>`: issuers are `<baseUrl>/<tenant>/v2.0`. */
  baseUrl: string;
  /** CA of the simulator's certificate. */
  caPem: string;
  /** Tenants trusted by a cluster whose aadProfile names none. */
  knownTenants(): string[];
}

/** Kubeconfigs returned by listClusterAdminCredential / listClusterUserCredential. */
export interface ClusterCredentials {
  adminKubeconfig: string;
  userKubeconfig: string;
}

/** Progress callbacks let an operation record what the data plane is doing (shown in the request log). */
export type ProgressFn = (message: string) => void;

export interface DataPlane {
  /**
   * Entra ID as clusters with managed Entra ID integration reach it; called once the simulator listens.
   * Data planes without an API server that verifies tokens leave it out.
   */
  useEntra?(authority: EntraAuthority): void;
  /** Creates (or finds) the cluster's Kubernetes API. Idempotent. */
  ensureCluster(cluster: ClusterShape, signal: AbortSignal): Promise<void>;
  credentials(clusterId: string): Promise<ClusterCredentials>;
  /** Makes the pool's nodes match the shape: count, labels, taints, versions. Idempotent. */
  syncPool(clusterId: string, pool: PoolShape, signal: AbortSignal): Promise<void>;
  /**
   * Surge upgrade as AKS does it: add surge nodes at the target, cordon and drain old nodes through the
   * Eviction API honouring the upgrade settings, remove them. Rejects with an error whose `code` is
   * `UpgradeFailed` (PDB-blocked drain past drainTimeout) unless undrainableNodeBehavior is Cordon.
   */
  upgradePool(
    clusterId: string,
    from: PoolShape,
    to: PoolShape,
    signal: AbortSignal,
    progress?: ProgressFn,
  ): Promise<void>;
  /**
   * Deletes the pool's nodes as AKS does: cordon, drain through the Eviction API honouring PDBs, delete.
   * Rejects with code `PodDrainFailure` (nodes kept) when a drain is still blocked at drainTimeout,
   * unless `ignorePodDisruptionBudget`, which deletes the pods a PDB protects instead.
   */
  deletePool(
    clusterId: string,
    poolName: string,
    signal: AbortSignal,
    options?: DeletePoolOptions,
  ): Promise<void>;
  /** Stop: nodes disappear, the cluster's objects are kept. Start: nodes return. */
  stopCluster(clusterId: string, signal: AbortSignal): Promise<void>;
  startCluster(clusterId: string, pools: PoolShape[], signal: AbortSignal): Promise<void>;
  deleteCluster(clusterId: string, signal: AbortSignal): Promise<void>;
  /** Stops every Kubernetes API it started. */
  close(): Promise<void>;
}
