// Deletion of a NodePool: Orphan leaves the agent pool; Delete deletes it in Azure (never the last
// System pool of a running cluster) and drops the finalizer once Azure no longer has it. When the
// cluster itself is being deleted with policy Delete, its deletion takes the pool along.
import type * as Arm from '@azure/arm-containerservice';
import {
  DeletionPolicy,
  FINALIZER,
  NodePoolReason,
  type ManagedCluster,
  type NodePool,
  type NodePoolStatus,
} from '../../api/index.js';
import { agentPoolId } from '../../azure/index.js';
import {
  hasFinalizer,
  InvalidSpecError,
  removeFinalizer,
  type CustomObjectClient,
  type Result,
} from '../../runtime/index.js';
import type { AzureAccess } from '../shared/azure-access.js';
import { STAYING_NAMESPACES, type NamespaceReader } from '../shared/namespace-reader.js';
import { clusterAccess } from '../shared/cluster-access.js';
import type { ControllerContext } from '../shared/controller-context.js';
import { startedOperation } from '../shared/last-operation.js';
import { pollInFlight } from '../shared/operation-poll.js';
import { isTerminal } from '../shared/provisioning-state.js';
import { reportFailure } from '../shared/report-failure.js';
import type { StatusReport } from '../shared/status-report.js';
import { activePoolName } from './blue-green-names.js';
import { blockedDeleteOf, deleteRetryWaitMs, reportDeleteBlocked } from './delete-blocked.js';
import type { ExternalNodePool } from './external.js';

export interface PoolFinalizerOptions {
  ctx: ControllerContext;
  objects: CustomObjectClient;
  newReport(np: NodePool): StatusReport<NodePoolStatus>;
  externalFor(access: AzureAccess): ExternalNodePool;
  /** Whether the pool's namespace is being deleted (its cluster then goes too); none: never. */
  namespaces?: NamespaceReader;
}

type Step = Result | { done: string };

export class PoolFinalizer {
  constructor(private readonly opts: PoolFinalizerOptions) {}

  async finalize(np: NodePool, cluster: ManagedCluster | undefined, signal: AbortSignal): Promise<Result> {
    if (!hasFinalizer(np, FINALIZER)) return {};
    const skip = this.reasonToLeaveAzure(np, cluster, await this.isClusterGoing(np, cluster, signal));
    if (skip) return this.release(np, skip, signal);
    const report = this.opts.newReport(np);
    let isReleased = false;
    try {
      const step = await this.deleteInAzure(np, cluster as ManagedCluster, report, signal);
      if (!('done' in step)) return step;
      isReleased = true;
      return await this.release(np, step.done, signal);
    } catch (err: unknown) {
      // A DELETE a PDB blocked is waited out with backoff, not retried at once as a failure would be.
      const blocked = blockedDeleteOf(err, report.draft);
      if (blocked) return reportDeleteBlocked({ ctx: this.opts.ctx, np, report, failure: blocked });
      reportFailure({ obj: np, report, err, events: this.opts.ctx.events });
      throw err;
    } finally {
      if (!isReleased) await report.flush(signal);
    }
  }

  /**
   * Whether the cluster object is going away with the pool: being deleted, gone, or in a namespace being
   * deleted (which marks the cluster too, in no fixed order with the pool).
   */
  private async isClusterGoing(
    np: NodePool,
    cluster: ManagedCluster | undefined,
    signal: AbortSignal,
  ): Promise<boolean> {
    if (!cluster || cluster.metadata.deletionTimestamp) return true;
    const namespaces = this.opts.namespaces ?? STAYING_NAMESPACES;
    return namespaces.isTerminating(np.metadata.namespace ?? '', signal);
  }

  /**
   * Why Azure is not touched on this deletion, if it is not. A pool whose cluster goes with it follows
   * the cluster: the cluster's deletionPolicy decides for both (Delete takes the pool along in Azure,
   * Orphan leaves it with the cluster), whichever finalizer runs first. The pool's own deletionPolicy
   * applies only while its cluster stays.
   */
  private reasonToLeaveAzure(
    np: NodePool,
    cluster: ManagedCluster | undefined,
    isClusterGoing: boolean,
  ): string | undefined {
    if (np.spec.deletionPolicy === DeletionPolicy.Orphan)
      return 'left the agent pool in place (deletionPolicy Orphan)';
    // Without the cluster object there is no way to know where and as whom to act: never guess a delete.
    if (!cluster)
      return `ManagedCluster ${np.spec.clusterRef.name} is gone; the agent pool was left as it is`;
    if (isClusterGoing) {
      return `ManagedCluster ${np.spec.clusterRef.name} is being deleted; the agent pool goes or stays with it, as the cluster's deletionPolicy says`;
    }
    if (!cluster.status?.azureResourceID) return 'the cluster was never provisioned; nothing to delete';
    return undefined;
  }

  private async release(np: NodePool, message: string, signal: AbortSignal): Promise<Result> {
    await removeFinalizer(this.opts.objects, np, FINALIZER, signal);
    void this.opts.ctx.events.event(np, { type: 'Normal', reason: 'Released', message });
    return {};
  }

  private async deleteInAzure(
    np: NodePool,
    cluster: ManagedCluster,
    report: StatusReport<NodePoolStatus>,
    signal: AbortSignal,
  ): Promise<Step> {
    const { ctx } = this.opts;
    const ext = this.opts.externalFor(await clusterAccess(ctx, cluster, signal));
    const clusterId = cluster.status?.azureResourceID ?? '';
    const polled = await pollInFlight({
      obj: np,
      report,
      poll: (h, s) => ext.poll(h, s),
      events: ctx.events,
      now: () => ctx.clock.now(),
      signal,
    });
    if (polled) return polled;
    // The active pool, and the twin of a replacement cut short: both belong to this NodePool.
    const names = [activePoolName(np), np.status?.blueGreen?.twinPoolName].filter((n): n is string => !!n);
    for (const name of names) {
      const id = agentPoolId(clusterId, name);
      const observed = await ext.observe(id, signal);
      if (observed) return this.deletePool({ np, ext, report, clusterId, name, id, observed, signal });
    }
    return { done: 'the agent pool is deleted' };
  }

  private async deletePool(input: {
    np: NodePool;
    ext: ExternalNodePool;
    report: StatusReport<NodePoolStatus>;
    clusterId: string;
    name: string;
    id: string;
    observed: Arm.AgentPool;
    signal: AbortSignal;
  }): Promise<Step> {
    const { np, ext, report, clusterId, name, id, observed, signal } = input;
    const { ctx } = this.opts;
    if (!isTerminal(observed.provisioningState)) {
      report.progress({
        state: 'reconciling',
        reason: NodePoolReason.Deleting,
        message: `waiting for the ${observed.provisioningState ?? ''} operation in Azure before deleting`,
      });
      return { requeueAfterMs: ctx.pollIntervalMs };
    }
    if (observed.mode === 'System') {
      const pools = (await ext.listPools(clusterId, signal)) ?? [];
      const otherSystem = pools.filter(
        (p) => p.mode === 'System' && p.name?.toLowerCase() !== name.toLowerCase(),
      );
      if (otherSystem.length === 0) {
        throw new InvalidSpecError(
          `agent pool ${name} is the last System pool of its cluster; add another System pool first, set deletionPolicy: Orphan, or delete the ManagedCluster`,
          { reason: NodePoolReason.LastSystemPool },
        );
      }
    }
    const waitMs = deleteRetryWaitMs(np, report.draft, ctx.clock.now());
    if (waitMs > 0) return { requeueAfterMs: waitMs };
    const ignorePodDisruptionBudget = np.spec.deletion?.ignorePodDisruptionBudget === true;
    const handle = await ext.delete(id, signal, { ignorePodDisruptionBudget });
    // Already gone: the next pass looks at the other pool, if any.
    if (!handle) return { requeueAfterMs: ctx.pollIntervalMs };
    report.draft.lastOperation = startedOperation('Delete', handle, np.metadata.generation ?? 0);
    report.progress({ state: 'reconciling', reason: NodePoolReason.Deleting, message: `deleting ${id}` });
    void ctx.events.event(np, {
      type: 'Normal',
      reason: 'DeleteStarted',
      message: `deleting ${id} (deletionPolicy Delete${ignorePodDisruptionBudget ? ', ignoring PodDisruptionBudgets' : ''})`,
    });
    return { requeueAfterMs: ctx.pollIntervalMs };
  }
}
