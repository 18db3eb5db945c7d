// A whole fake Azure for controller unit tests: the four ARM interfaces over one in-memory state.
// Operations advance only when polled (or completeAll), so tests step through InProgress → Succeeded.

import type * as Arm from '@azure/arm-containerservice';
import type { AzureArm } from '../azure-arm.js';
import type {
  OperationHandle,
  OperationKind,
  OperationOutcome,
  OperationResults,
} from '../operation-handle.js';
import type { OperationsArm } from '../operations.js';
import { FakeAgentPoolsArm } from './fake-agent-pools.js';
import { FakeAzureState } from './fake-azure-state.js';
import { FakeManagedClustersArm } from './fake-managed-clusters.js';
import { FakeMaintenanceConfigurationsArm } from './fake-maintenance-configurations.js';
import { FakeSnapshotsArm } from './fake-snapshots.js';
import type { ComputeUsage, ComputeUsagesArm } from '../compute-usages.js';
import { RegionVersionsCache, type RegionVersionsArm } from '../region-versions.js';
import type { Subnet, SubnetsArm } from '../subnets.js';
import { KubeConfig } from '@kubernetes/client-node';
import { isRefusedByApiServer, type WorkloadClustersArm } from '../workload-clusters.js';

/** Workload clusters reached with the fake's admin kubeconfigs; nothing is kept, so nothing is forgotten. */
export class FakeWorkloadClustersArm implements WorkloadClustersArm {
  constructor(private readonly clusters: FakeManagedClustersArm) {}

  async open(clusterId: string): Promise<KubeConfig | undefined> {
    const yaml = await this.clusters.listAdminCredential(clusterId);
    if (!yaml) return undefined;
    const kc = new KubeConfig();
    kc.loadFromString(yaml);
    return kc;
  }

  forgetIfRefused(_clusterId: string, err: unknown): boolean {
    return isRefusedByApiServer(err);
  }

  privateApiServer(): undefined {
    return undefined;
  }
}

/** Polls fake operations: each poll uses one of `pollsToComplete`, then the operation ends. */
export class FakeOperationsArm implements OperationsArm {
  constructor(private readonly state: FakeAzureState) {}

  async pollOperation<K extends OperationKind>(
    handle: OperationHandle<K>,
  ): Promise<OperationOutcome<OperationResults[K]>> {
    this.state.enter('operations.poll', handle.resourceId);
    const op = this.state.operationOf(handle);
    if (!op) return { status: 'Lost', reason: 'the fake never started this operation' };
    if (op.state === 'running') {
      if (op.pollsLeft > 0) {
        op.pollsLeft -= 1;
        return { status: 'InProgress', handle, pollAfterMs: this.state.pollAfterMs };
      }
      this.state.finish(op);
    }
    switch (op.state) {
      case 'failed':
        return { status: 'Failed', error: op.failure ?? new Error('the fake operation failed') };
      case 'canceled':
        return { status: 'Canceled' };
      default:
        return { status: 'Succeeded', result: this.resultOf(handle) as OperationResults[K] };
    }
  }

  private resultOf(handle: OperationHandle): unknown {
    if (handle.kind === 'agentPool.put')
      return structuredClone(this.state.get<Arm.AgentPool>(handle.resourceId));
    if (handle.kind === 'managedCluster.put' || handle.kind === 'managedCluster.patchTags') {
      return structuredClone(this.state.get<Arm.ManagedCluster>(handle.resourceId));
    }
    return undefined;
  }
}

export interface FakeAzureOptions {
  /** Time for operation start stamps. */
  now?: () => Date;
}

/** In-memory AzureArm. Inspect `state` for calls made, running operations and stored resources. */
export class FakeAzure implements AzureArm {
  readonly state: FakeAzureState;
  readonly managedClusters: FakeManagedClustersArm;
  readonly agentPools: FakeAgentPoolsArm;
  readonly snapshots: FakeSnapshotsArm;
  readonly maintenanceConfigurations: FakeMaintenanceConfigurationsArm;
  readonly operations: FakeOperationsArm;
  readonly workloadClusters: FakeWorkloadClustersArm;
  /** Region versions over the fake's listKubernetesVersions, cached as the operator caches them. */
  readonly regionVersions: RegionVersionsArm;
  /** Usages a test sets; none by default (a scale-out is then not capped). */
  readonly computeUsages: ComputeUsagesArm & { usages: ComputeUsage[] } = {
    usages: [],
    list() {
      return Promise.resolve(this.usages);
    },
  };

  /** Subnets a test puts, by lowercased ID; none by default. */
  readonly subnets: SubnetsArm & { byId: Map<string, Subnet> } = {
    byId: new Map(),
    get(id) {
      return Promise.resolve(this.byId.get(id.toLowerCase()));
    },
  };

  constructor(options: FakeAzureOptions = {}) {
    this.state = new FakeAzureState(options.now);
    this.managedClusters = new FakeManagedClustersArm(this.state);
    this.agentPools = new FakeAgentPoolsArm(this.state);
    this.snapshots = new FakeSnapshotsArm(this.state);
    this.maintenanceConfigurations = new FakeMaintenanceConfigurationsArm(this.state);
    this.operations = new FakeOperationsArm(this.state);
    this.workloadClusters = new FakeWorkloadClustersArm(this.managedClusters);
    const now = options.now ?? (() => new Date());
    this.regionVersions = new RegionVersionsCache().bind({
      reader: this.managedClusters,
      now: () => now().getTime(),
    });
  }
}
