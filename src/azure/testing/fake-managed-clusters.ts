// In-memory ManagedClustersArm for controller unit tests: writes start fake operations whose effects
// (provisioningState, current versions, power state) land when a poll ends them.

import type * as Arm from '@azure/arm-containerservice';
import { ConflictError } from '../../runtime/index.js';
import type { ManagedClustersArm, WriteOptions } from '../managed-clusters.js';
import type { OperationHandle } from '../operation-handle.js';
import { agentPoolId, describeResource, parseResourceId } from '../resource-id.js';
import { fakeNotFound, setProvisioningState, type FakeAzureState } from './fake-azure-state.js';

type Writable<T> = { -readonly [K in keyof T]: T[K] };
const CLUSTER_TYPE = 'Microsoft.ContainerService/managedClusters';
const POOL_TYPE = 'Microsoft.ContainerService/managedClusters/agentPools';

export class FakeManagedClustersArm implements ManagedClustersArm {
  /** Answers of getUpgradeProfile by cluster ID (lower-case); a minimal profile otherwise. */
  readonly upgradeProfiles = new Map<string, Arm.ManagedClusterUpgradeProfile>();
  /** Answers of listAdminCredential by cluster ID (lower-case); a stub kubeconfig otherwise. */
  readonly kubeconfigs = new Map<string, string>();
  /** Answer of listKubernetesVersions for every region. */
  kubernetesVersions: Arm.KubernetesVersion[] = [];

  constructor(private readonly state: FakeAzureState) {}

  /** Puts a cluster (and the pools of its agentPoolProfiles) in place, Succeeded, without an operation. */
  seed(id: string, body: Arm.ManagedCluster): void {
    this.store(id, body, 'Succeeded');
    for (const pool of this.state.children<Writable<Arm.AgentPool>>(id))
      pool.currentOrchestratorVersion = pool.orchestratorVersion;
    const cluster = this.state.get<Writable<Arm.ManagedCluster>>(id);
    if (cluster) cluster.currentKubernetesVersion = cluster.kubernetesVersion;
  }

  async get(id: string): Promise<Arm.ManagedCluster | undefined> {
    this.state.enter('managedClusters.get', id);
    parseResourceId(id, 'managedCluster');
    return this.view(id);
  }

  async put(
    id: string,
    body: Arm.ManagedCluster,
    options: WriteOptions = {},
  ): Promise<OperationHandle<'managedCluster.put'>> {
    this.state.enter('managedClusters.put', id);
    const what = describeResource(parseResourceId(id, 'managedCluster'));
    const existing = this.state.get<Arm.ManagedCluster>(id);
    checkIfMatch(existing?.eTag, options, `create or update ${what}`);
    this.state.assertIdle(id, 'create or update', what);
    this.store(id, body, existing ? 'Updating' : 'Creating');
    return this.state.start('managedCluster.put', id, () => {
      const cluster = this.state.get<Writable<Arm.ManagedCluster>>(id);
      if (!cluster) return;
      cluster.provisioningState = 'Succeeded';
      cluster.currentKubernetesVersion = cluster.kubernetesVersion;
      for (const pool of this.state.children<Writable<Arm.AgentPool>>(id)) {
        pool.provisioningState = 'Succeeded';
        pool.currentOrchestratorVersion = pool.orchestratorVersion || cluster.kubernetesVersion;
      }
    });
  }

  async patchTags(
    id: string,
    tags: Record<string, string>,
    options: WriteOptions = {},
  ): Promise<OperationHandle<'managedCluster.patchTags'>> {
    this.state.enter('managedClusters.patchTags', id);
    const what = describeResource(parseResourceId(id, 'managedCluster'));
    const cluster = this.existing(id, `update the tags of ${what}`);
    checkIfMatch(cluster.eTag, options, `update the tags of ${what}`);
    this.state.assertIdle(id, 'update the tags of', what);
    cluster.tags = { ...tags };
    cluster.eTag = this.state.eTag();
    return this.state.start('managedCluster.patchTags', id, () => undefined);
  }

  async delete(
    id: string,
    options: WriteOptions = {},
  ): Promise<OperationHandle<'managedCluster.delete'> | undefined> {
    this.state.enter('managedClusters.delete', id);
    parseResourceId(id, 'managedCluster');
    const cluster = this.state.get<Arm.ManagedCluster>(id);
    if (!cluster) return undefined;
    checkIfMatch(cluster.eTag, options, `delete ${describeResource(parseResourceId(id))}`);
    setProvisioningState(cluster, 'Deleting');
    return this.state.start('managedCluster.delete', id, () => this.state.remove(id));
  }

  async start(id: string): Promise<OperationHandle<'managedCluster.start'>> {
    return this.power(id, 'start');
  }

  async stop(id: string): Promise<OperationHandle<'managedCluster.stop'>> {
    return this.power(id, 'stop');
  }

  async abort(id: string): Promise<OperationHandle<'managedCluster.abort'>> {
    this.state.enter('managedClusters.abort', id);
    this.existing(
      id,
      `abort the running operation of ${describeResource(parseResourceId(id, 'managedCluster'))}`,
    );
    this.state.cancelRunning(id);
    return this.state.start('managedCluster.abort', id, () => undefined);
  }

  async getUpgradeProfile(id: string): Promise<Arm.ManagedClusterUpgradeProfile | undefined> {
    this.state.enter('managedClusters.getUpgradeProfile', id);
    const cluster = this.state.get<Arm.ManagedCluster>(id);
    if (!cluster) return undefined;
    const profile = this.upgradeProfiles.get(id.toLowerCase());
    if (profile) return structuredClone(profile);
    const version = cluster.currentKubernetesVersion ?? cluster.kubernetesVersion ?? '';
    return {
      controlPlaneProfile: { kubernetesVersion: version, osType: 'Linux', upgrades: [] },
      agentPoolProfiles: [],
    };
  }

  async listAdminCredential(id: string): Promise<string | undefined> {
    this.state.enter('managedClusters.listAdminCredential', id);
    const cluster = this.state.get<Arm.ManagedCluster>(id);
    if (!cluster) return undefined;
    return this.kubeconfigs.get(id.toLowerCase()) ?? stubKubeconfig(cluster.name ?? 'cluster');
  }

  async listUserCredential(id: string): Promise<string | undefined> {
    this.state.enter('managedClusters.listUserCredential', id);
    const cluster = this.state.get<Arm.ManagedCluster>(id);
    if (!cluster) return undefined;
    return this.kubeconfigs.get(id.toLowerCase()) ?? stubKubeconfig(cluster.name ?? 'cluster');
  }

  async listKubernetesVersions(scope: {
    subscriptionId: string;
    location: string;
  }): Promise<Arm.KubernetesVersion[]> {
    this.state.enter('managedClusters.listKubernetesVersions', `${scope.subscriptionId}/${scope.location}`);
    return structuredClone(this.kubernetesVersions);
  }

  private async power<V extends 'start' | 'stop'>(
    id: string,
    verb: V,
  ): Promise<OperationHandle<`managedCluster.${V}`>> {
    this.state.enter(`managedClusters.${verb}`, id);
    const what = describeResource(parseResourceId(id, 'managedCluster'));
    const cluster = this.existing(id, `${verb} ${what}`);
    this.state.assertIdle(id, verb, what);
    cluster.provisioningState = verb === 'start' ? 'Starting' : 'Stopping';
    const code = verb === 'start' ? 'Running' : 'Stopped';
    return this.state.start(`managedCluster.${verb}`, id, () => {
      cluster.provisioningState = 'Succeeded';
      cluster.powerState = { code };
      for (const pool of this.state.children<Writable<Arm.AgentPool>>(id)) pool.powerState = { code };
    });
  }

  private existing(id: string, action: string): Writable<Arm.ManagedCluster> {
    const cluster = this.state.get<Writable<Arm.ManagedCluster>>(id);
    if (!cluster) throw fakeNotFound(action, id);
    return cluster;
  }

  /** Stores the cluster and (on create) its pools, as Azure keeps pools as separate resources. */
  private store(id: string, body: Arm.ManagedCluster, provisioningState: string): void {
    const ref = parseResourceId(id, 'managedCluster');
    const existing = this.state.get<Arm.ManagedCluster>(id);
    const { agentPoolProfiles, ...rest } = structuredClone(body);
    const cluster: Writable<Arm.ManagedCluster> = {
      ...rest,
      id,
      name: ref.clusterName,
      type: CLUSTER_TYPE,
      provisioningState,
      powerState: existing?.powerState ?? { code: 'Running' },
      eTag: this.state.eTag(),
    };
    if (existing?.currentKubernetesVersion)
      cluster.currentKubernetesVersion = existing.currentKubernetesVersion;
    this.state.set(id, cluster);
    for (const profile of agentPoolProfiles ?? []) {
      const poolId = agentPoolId(id, profile.name);
      const pool = this.state.get<Writable<Arm.AgentPool>>(poolId);
      if (pool) {
        if (profile.orchestratorVersion) pool.orchestratorVersion = profile.orchestratorVersion;
        continue;
      }
      const { name, ...props } = profile;
      this.state.set(poolId, {
        ...props,
        id: poolId,
        name,
        type: POOL_TYPE,
        provisioningState,
        orchestratorVersion: profile.orchestratorVersion || body.kubernetesVersion,
        powerState: { code: 'Running' },
        eTag: this.state.eTag(),
      } as Arm.AgentPool);
    }
  }

  /** The cluster as GET shows it: pools appear as agentPoolProfiles. */
  private view(id: string): Arm.ManagedCluster | undefined {
    const cluster = this.state.get<Arm.ManagedCluster>(id);
    if (!cluster) return undefined;
    const profiles = this.state.children<Arm.AgentPool>(id).map((pool) => {
      const { id: _id, type: _type, systemData: _s, name, ...props } = pool;
      return { ...props, name: name ?? '' };
    });
    return structuredClone({ ...cluster, agentPoolProfiles: profiles });
  }
}

/** 412 from ARM when If-Match does not hold. */
export function checkIfMatch(eTag: string | undefined, options: WriteOptions, action: string): void {
  if (options.ifMatch !== undefined && options.ifMatch !== eTag) {
    throw new ConflictError(
      `cannot ${action}: PreconditionFailed: the eTag ${options.ifMatch} does not match`,
    );
  }
}

function stubKubeconfig(name: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: ${name}, cluster: {server: "https://${name}.fake.invalid:443"}}]`,
    `contexts: [{name: ${name}-admin, context: {cluster: ${name}, user: clusterAdmin}}]`,
    `current-context: ${name}-admin`,
    'users: [{name: clusterAdmin, user: {token: fake}}]',
    '',
  ].join('\n');
}
