// Deletion of a ManagedCluster: with deletionPolicy Orphan (the default of an adopted cluster) the Azure
// cluster is left as it is; with Delete the recorded ARM ID, and only it, is deleted in Azure when it is
// still this object's, and the finalizer goes once Azure no longer has it. The release annotation lets
// the object go without touching Azure when the finalizer cannot act.
import type * as Arm from '@azure/arm-containerservice';
import {
  EventReason,
  DeletionPolicy,
  FINALIZER,
  ManagedClusterReason,
  type ManagedCluster,
  type ManagedClusterStatus,
} from '../../api/index.js';
import { hasFinalizer, removeFinalizer, type CustomObjectClient, type Result } from '../../runtime/index.js';
import type { AzureAccess } from '../shared/azure-access.js';
import type { ControllerContext } from '../shared/controller-context.js';
import { startedOperation } from '../shared/last-operation.js';
import { pollInFlight } from '../shared/operation-poll.js';
import { isTerminal } from '../shared/provisioning-state.js';
import { reportFailure } from '../shared/report-failure.js';
import { release, RELEASED_BY_ANNOTATION } from '../shared/release.js';
import { effectiveDeletionPolicy } from '../shared/deletion-policy.js';
import { finalizerAccess } from '../shared/finalizer-access.js';
import { ifMatch } from '../shared/if-match.js';
import { isReleaseAsked, recordedId } from '../shared/resource-anchor.js';
import type { StatusReport } from '../shared/status-report.js';
import type { ExternalManagedCluster } from './external.js';

export interface ClusterFinalizerOptions {
  ctx: ControllerContext;
  objects: CustomObjectClient;
  newReport(mc: ManagedCluster): StatusReport<ManagedClusterStatus>;
  externalFor(access: AzureAccess): ExternalManagedCluster;
  /** Whether the cluster Azure has at the recorded ID is this object's (never delete another's). */
  isOwn(mc: ManagedCluster, id: string, observed: Arm.ManagedCluster): boolean;
}

export class ClusterFinalizer {
  constructor(private readonly opts: ClusterFinalizerOptions) {}

  async finalize(mc: ManagedCluster, signal: AbortSignal): Promise<Result> {
    if (!hasFinalizer(mc, FINALIZER)) return {};
    if (isReleaseAsked(mc)) return this.release(mc, RELEASED_BY_ANNOTATION, signal);
    if (effectiveDeletionPolicy(mc) === DeletionPolicy.Orphan)
      return this.release(mc, 'left the Azure cluster in place (deletionPolicy Orphan)', signal);
    // Only the recorded ID is ever deleted; without one, nothing in Azure was ever this object's.
    const id = recordedId(mc);
    if (!id) return this.release(mc, 'nothing was created or adopted in Azure', signal);
    const report = this.opts.newReport(mc);
    let isGone = false;
    try {
      const result = await this.deleteInAzure(mc, id, report, signal);
      if (typeof result === 'object') return result;
      isGone = true;
      if (result === 'notOurs')
        return await this.release(mc, `${id} belongs to another object; it was left in Azure`, signal);
      await removeFinalizer(this.opts.objects, mc, FINALIZER, signal);
      void this.opts.ctx.events.event(mc, {
        type: 'Normal',
        reason: EventReason.Deleted,
        message: 'the Azure cluster is deleted',
      });
      return {};
    } catch (err: unknown) {
      reportFailure({ obj: mc, report, err, events: this.opts.ctx.events });
      throw err;
    } finally {
      // After the finalizer is removed the object may be gone: nothing left to report on.
      if (!isGone) await report.flush(signal);
    }
  }

  private release(mc: ManagedCluster, message: string, signal: AbortSignal): Promise<Result> {
    return release({ objects: this.opts.objects, events: this.opts.ctx.events, obj: mc, message, signal });
  }

  private async deleteInAzure(
    mc: ManagedCluster,
    id: string,
    report: StatusReport<ManagedClusterStatus>,
    signal: AbortSignal,
  ): Promise<Result | 'gone' | 'notOurs'> {
    const { ctx } = this.opts;
    const access = await finalizerAccess({ ctx, cluster: mc, id, signal });
    const ext = this.opts.externalFor(access);
    const polled = await pollInFlight({
      obj: mc,
      report,
      poll: (h, s) => ext.poll(h, s),
      events: ctx.events,
      now: () => ctx.clock.now(),
      signal,
    });
    if (polled) return polled;
    const observed = await ext.observe(id, signal);
    if (!observed) return 'gone';
    if (!this.opts.isOwn(mc, id, observed)) return 'notOurs';
    if (!isTerminal(observed.provisioningState)) {
      report.progress({
        state: 'reconciling',
        reason: ManagedClusterReason.Deleting,
        message: `waiting for the ${observed.provisioningState ?? ''} operation in Azure before deleting`,
      });
      return { requeueAfterMs: ctx.pollIntervalMs };
    }
    const handle = await ext.delete(id, signal, ifMatch(observed));
    if (!handle) return 'gone';
    report.draft.lastOperation = startedOperation('Delete', handle, mc.metadata.generation ?? 0);
    report.progress({
      state: 'reconciling',
      reason: ManagedClusterReason.Deleting,
      message: `deleting ${id}`,
    });
    void ctx.events.event(mc, {
      type: 'Normal',
      reason: EventReason.DeleteStarted,
      message: `deleting ${id} (deletionPolicy Delete)`,
    });
    return { requeueAfterMs: ctx.pollIntervalMs };
  }
}
