// Deletion of a NodePool: Orphan (the default of an adopted pool) leaves the agent pool; Delete deletes
// the recorded pool in Azure while its owner tag says it is this NodePool's (never the last System pool
// of a running cluster) and drops the finalizer once Azure no longer has it. When the cluster itself
// goes, the cluster's deletionPolicy decides for the pool too. The release annotation lets go at once.
import type * as Arm from '@azure/arm-containerservice';
import {
  EventReason,
  DeletionPolicy,
  FINALIZER,
  NodePoolReason,
  type ManagedCluster,
  type NodePool,
  type NodePoolStatus,
} from '../../api/index.js';
import { agentPoolId, parentClusterId } from '../../azure/index.js';
import { hasFinalizer, InvalidSpecError, type CustomObjectClient, type Result } from '../../runtime/index.js';
import type { AzureAccess } from '../shared/azure-access.js';
import { STAYING_NAMESPACES, type NamespaceReader } from '../shared/namespace-reader.js';
import { effectiveDeletionPolicy } from '../shared/deletion-policy.js';
import { finalizerAccess } from '../shared/finalizer-access.js';
import { isReleaseAsked, recordedId } from '../shared/resource-anchor.js';
import type { ControllerContext } from '../shared/controller-context.js';
import { startedOperation } from '../shared/last-operation.js';
import { pollInFlight } from '../shared/operation-poll.js';
import { isTerminal } from '../shared/provisioning-state.js';
import { reportFailure } from '../shared/report-failure.js';
import { release, RELEASED_BY_ANNOTATION } from '../shared/release.js';
import type { StatusReport } from '../shared/status-report.js';
import { blockedDeleteOf, deleteRetryWaitMs, reportDeleteBlocked } from './delete-blocked.js';
import type { ExternalNodePool } from './external.js';

export interface PoolFinalizerOptions {
  ctx: ControllerContext;
  objects: CustomObjectClient;
  newReport(np: NodePool): StatusReport<NodePoolStatus>;
  externalFor(access: AzureAccess): ExternalNodePool;
  /** Whether the pool's namespace is being deleted (its cluster then goes too); none: never. */
  namespaces?: NamespaceReader;
  /** Whether the agent pool Azure has at `id` is this NodePool's (never delete another's). */
  isOwn(np: NodePool, cluster: ManagedCluster, id: string, observed: Arm.AgentPool): boolean;
}

type Step = Result | { done: string };

export class PoolFinalizer {
  constructor(private readonly opts: PoolFinalizerOptions) {}

  async finalize(np: NodePool, cluster: ManagedCluster | undefined, signal: AbortSignal): Promise<Result> {
    if (!hasFinalizer(np, FINALIZER)) return {};
    if (isReleaseAsked(np)) return this.release(np, RELEASED_BY_ANNOTATION, signal);
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
    if (effectiveDeletionPolicy(np) === DeletionPolicy.Orphan)
      return 'left the agent pool in place (deletionPolicy Orphan, or an adopted pool without one)';
    // Only the recorded ID is ever deleted; without one, nothing in Azure was ever this object's.
    if (!recordedId(np)) return 'nothing was created or adopted in Azure';
    // Without the cluster object there is no way to know where and as whom to act: never guess a delete.
    if (!cluster)
      return `ManagedCluster ${np.spec.clusterRef.name} is gone; the agent pool was left as it is`;
    if (isClusterGoing) {
      return `ManagedCluster ${np.spec.clusterRef.name} is being deleted; the agent pool goes or stays with it, as the cluster's deletionPolicy says`;
    }
    if (!cluster.status?.azureResourceID) return 'the cluster was never provisioned; nothing to delete';
    return undefined;
  }

  private release(np: NodePool, message: string, signal: AbortSignal): Promise<Result> {
    return release({ objects: this.opts.objects, events: this.opts.ctx.events, obj: np, message, signal });
  }

  private async deleteInAzure(
    np: NodePool,
    cluster: ManagedCluster,
    report: StatusReport<NodePoolStatus>,
    signal: AbortSignal,
  ): Promise<Step> {
    const { ctx } = this.opts;
    const recorded = recordedId(np) ?? '';
    const ext = this.opts.externalFor(await finalizerAccess({ ctx, cluster, id: recorded, signal }));
    const clusterId = parentClusterId(recorded);
    const polled = await pollInFlight({
      obj: np,
      report,
      poll: (h, s) => ext.poll(h, s),
      events: ctx.events,
      now: () => ctx.clock.now(),
      signal,
    });
    if (polled) return polled;
    // The recorded pool, and the twin of a replacement cut short: both belong to this NodePool, as
    // their owner tags must still say.
    const twin = np.status?.blueGreen?.twinPoolName;
    const ids = [recorded, ...(twin ? [agentPoolId(clusterId, twin)] : [])];
    for (const id of ids) {
      const observed = await ext.observe(id, signal);
      if (!observed || !this.opts.isOwn(np, cluster, id, observed)) continue;
      const name = id.split('/').pop() ?? '';
      return this.deletePool({ np, ext, report, clusterId, name, id, observed, signal });
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
      reason: EventReason.DeleteStarted,
      message: `deleting ${id} (deletionPolicy Delete${ignorePodDisruptionBudget ? ', ignoring PodDisruptionBudgets' : ''})`,
    });
    return { requeueAfterMs: ctx.pollIntervalMs };
  }
}
