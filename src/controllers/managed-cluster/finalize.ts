// Deletion of a ManagedCluster: with deletionPolicy Orphan the Azure cluster is left as it is; with
// Delete it is deleted in Azure and the finalizer goes only once Azure no longer has it.
import {
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
import { isSpecProblem, specProblemError } from '../shared/spec-problem.js';
import type { StatusReport } from '../shared/status-report.js';
import { clusterResourceId } from './desired.js';
import type { ExternalManagedCluster } from './external.js';

export interface ClusterFinalizerOptions {
  ctx: ControllerContext;
  objects: CustomObjectClient;
  newReport(mc: ManagedCluster): StatusReport<ManagedClusterStatus>;
  externalFor(access: AzureAccess): ExternalManagedCluster;
}

export class ClusterFinalizer {
  constructor(private readonly opts: ClusterFinalizerOptions) {}

  async finalize(mc: ManagedCluster, signal: AbortSignal): Promise<Result> {
    if (!hasFinalizer(mc, FINALIZER)) return {};
    const { events } = this.opts.ctx;
    if (mc.spec.deletionPolicy === DeletionPolicy.Orphan) {
      await removeFinalizer(this.opts.objects, mc, FINALIZER, signal);
      void events.event(mc, {
        type: 'Normal',
        reason: 'Orphaned',
        message: 'left the Azure cluster in place (deletionPolicy Orphan)',
      });
      return {};
    }
    const report = this.opts.newReport(mc);
    let isGone = false;
    try {
      const result = await this.deleteInAzure(mc, report, signal);
      if (result !== 'gone') return result;
      isGone = true;
      await removeFinalizer(this.opts.objects, mc, FINALIZER, signal);
      void events.event(mc, { type: 'Normal', reason: 'Deleted', message: 'the Azure cluster is deleted' });
      return {};
    } catch (err: unknown) {
      reportFailure({ obj: mc, report, err, events });
      throw err;
    } finally {
      // After the finalizer is removed the object may be gone: nothing left to report on.
      if (!isGone) await report.flush(signal);
    }
  }

  private async deleteInAzure(
    mc: ManagedCluster,
    report: StatusReport<ManagedClusterStatus>,
    signal: AbortSignal,
  ): Promise<Result | 'gone'> {
    const { ctx } = this.opts;
    const access = await ctx.access.resolve(
      {
        namespace: mc.metadata.namespace ?? '',
        ...(mc.spec.credentialRef ? { credentialRef: mc.spec.credentialRef } : {}),
        ...(mc.spec.subscriptionId ? { subscriptionId: mc.spec.subscriptionId } : {}),
      },
      signal,
    );
    if (isSpecProblem(access)) throw specProblemError(access);
    const ext = this.opts.externalFor(access);
    const id = clusterResourceId(mc, access.subscriptionId);
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
    if (!isTerminal(observed.provisioningState)) {
      report.progress({
        state: 'reconciling',
        reason: ManagedClusterReason.Deleting,
        message: `waiting for the ${observed.provisioningState ?? ''} operation in Azure before deleting`,
      });
      return { requeueAfterMs: ctx.pollIntervalMs };
    }
    const handle = await ext.delete(id, signal);
    if (!handle) return 'gone';
    report.draft.lastOperation = startedOperation('Delete', handle, mc.metadata.generation ?? 0);
    report.progress({
      state: 'reconciling',
      reason: ManagedClusterReason.Deleting,
      message: `deleting ${id}`,
    });
    void ctx.events.event(mc, {
      type: 'Normal',
      reason: 'DeleteStarted',
      message: `deleting ${id} (deletionPolicy Delete)`,
    });
    return { requeueAfterMs: ctx.pollIntervalMs };
  }
}
