// In-memory AgentPoolsArm for controller unit tests: pools live under their cluster, writes start fake
// operations whose effects (provisioningState, versions, node image, power state) land when polled to the end.

import type * as Arm from '@azure/arm-containerservice';
import type { AgentPoolsArm, DeletePoolOptions, NodeImageUpgradeOptions } from '../agent-pools.js';
import type { WriteOptions } from '../managed-clusters.js';
import type { OperationHandle } from '../operation-handle.js';
import { describeResource, parentClusterId, parseResourceId } from '../resource-id.js';
import { fakeNotFound, setProvisioningState, type FakeAzureState } from './fake-azure-state.js';
import { checkIfMatch } from './fake-managed-clusters.js';

type Writable<T> = { -readonly [K in keyof T]: T[K] };
const POOL_TYPE = 'Microsoft.ContainerService/managedClusters/agentPools';

export class FakeAgentPoolsArm implements AgentPoolsArm {
  /** Node image a node-image upgrade moves to when no snapshot is named. */
  latestNodeImageVersion = 'AKSUbuntu-2204gen2containerd-202501.01.0';
  /** Answers of getUpgradeProfile by pool ID (lower-case); a minimal profile otherwise. */
  readonly upgradeProfiles = new Map<string, Arm.AgentPoolUpgradeProfile>();
  /** Answer of availableVersions for every cluster. */
  availableVersionList: string[] = [];

  constructor(private readonly state: FakeAzureState) {}

  /** Puts a pool in place, Succeeded, without an operation (its cluster must exist). */
  seed(id: string, body: Arm.AgentPool): void {
    this.store(id, body, 'Succeeded');
    const pool = this.state.get<Writable<Arm.AgentPool>>(id);
    if (pool) pool.currentOrchestratorVersion = pool.orchestratorVersion;
  }

  async get(id: string): Promise<Arm.AgentPool | undefined> {
    this.state.enter('agentPools.get', id);
    parseResourceId(id, 'agentPool');
    const pool = this.state.get<Arm.AgentPool>(id);
    return pool ? structuredClone(pool) : undefined;
  }

  async list(clusterId: string): Promise<Arm.AgentPool[] | undefined> {
    this.state.enter('agentPools.list', clusterId);
    parseResourceId(clusterId, 'managedCluster');
    if (!this.state.get(clusterId)) return undefined;
    return structuredClone(this.state.children<Arm.AgentPool>(clusterId));
  }

  async put(
    id: string,
    body: Arm.AgentPool,
    options: WriteOptions = {},
  ): Promise<OperationHandle<'agentPool.put'>> {
    this.state.enter('agentPools.put', id);
    const what = describeResource(parseResourceId(id, 'agentPool'));
    const cluster = this.state.get<Arm.ManagedCluster>(parentClusterId(id));
    if (!cluster) throw fakeNotFound(`create or update ${what}`, parentClusterId(id));
    const existing = this.state.get<Arm.AgentPool>(id);
    checkIfMatch(existing?.eTag, options, `create or update ${what}`);
    this.state.assertIdle(id, 'create or update', what);
    this.store(
      id,
      { ...body, orchestratorVersion: body.orchestratorVersion || cluster.currentKubernetesVersion },
      existing ? 'Updating' : 'Creating',
    );
    return this.state.start('agentPool.put', id, () => {
      const pool = this.state.get<Writable<Arm.AgentPool>>(id);
      if (!pool) return;
      pool.provisioningState = 'Succeeded';
      pool.currentOrchestratorVersion = pool.orchestratorVersion;
    });
  }

  async delete(
    id: string,
    options: DeletePoolOptions = {},
  ): Promise<OperationHandle<'agentPool.delete'> | undefined> {
    this.state.enter('agentPools.delete', id);
    const what = describeResource(parseResourceId(id, 'agentPool'));
    const pool = this.state.get<Arm.AgentPool>(id);
    if (!pool) return undefined;
    checkIfMatch(pool.eTag, options, `delete ${what}`);
    this.state.assertIdle(id, 'delete', what);
    setProvisioningState(pool, 'Deleting');
    return this.state.start('agentPool.delete', id, () => this.state.remove(id));
  }

  async upgradeNodeImageVersion(
    id: string,
    options: NodeImageUpgradeOptions = {},
  ): Promise<OperationHandle<'agentPool.upgradeNodeImageVersion'>> {
    this.state.enter('agentPools.upgradeNodeImageVersion', id);
    const what = describeResource(parseResourceId(id, 'agentPool'));
    const pool = this.existing(id, `upgrade the node image of ${what}`);
    this.state.assertIdle(id, 'upgrade the node image of', what);
    const snapshot = options.snapshotId ? this.state.get<Arm.Snapshot>(options.snapshotId) : undefined;
    const image = snapshot?.nodeImageVersion ?? this.latestNodeImageVersion;
    pool.provisioningState = 'UpgradingNodeImageVersion';
    return this.state.start('agentPool.upgradeNodeImageVersion', id, () => {
      pool.provisioningState = 'Succeeded';
      pool.nodeImageVersion = image;
    });
  }

  async getUpgradeProfile(id: string): Promise<Arm.AgentPoolUpgradeProfile | undefined> {
    this.state.enter('agentPools.getUpgradeProfile', id);
    const pool = this.state.get<Arm.AgentPool>(id);
    if (!pool) return undefined;
    const profile = this.upgradeProfiles.get(id.toLowerCase());
    if (profile) return structuredClone(profile);
    return {
      kubernetesVersion: pool.currentOrchestratorVersion ?? pool.orchestratorVersion ?? '',
      osType: pool.osType ?? 'Linux',
      upgrades: [],
      latestNodeImageVersion: this.latestNodeImageVersion,
    };
  }

  async availableVersions(clusterId: string): Promise<Arm.AgentPoolAvailableVersions | undefined> {
    this.state.enter('agentPools.availableVersions', clusterId);
    if (!this.state.get(clusterId)) return undefined;
    return {
      agentPoolVersions: this.availableVersionList.map((kubernetesVersion) => ({ kubernetesVersion })),
    };
  }

  async abort(id: string): Promise<OperationHandle<'agentPool.abort'>> {
    this.state.enter('agentPools.abort', id);
    this.existing(id, `abort the running operation of ${describeResource(parseResourceId(id, 'agentPool'))}`);
    this.state.cancelRunning(id);
    return this.state.start('agentPool.abort', id, () => undefined);
  }

  private existing(id: string, action: string): Writable<Arm.AgentPool> {
    const pool = this.state.get<Writable<Arm.AgentPool>>(id);
    if (!pool) throw fakeNotFound(action, id);
    return pool;
  }

  private store(id: string, body: Arm.AgentPool, provisioningState: string): void {
    const ref = parseResourceId(id, 'agentPool');
    const existing = this.state.get<Arm.AgentPool>(id);
    const pool: Writable<Arm.AgentPool> = {
      ...structuredClone(body),
      id,
      name: ref.agentPoolName,
      type: POOL_TYPE,
      provisioningState,
      powerState: body.powerState ?? existing?.powerState ?? { code: 'Running' },
      eTag: this.state.eTag(),
    };
    if (existing?.currentOrchestratorVersion)
      pool.currentOrchestratorVersion = existing.currentOrchestratorVersion;
    this.state.set(id, pool);
  }
}
