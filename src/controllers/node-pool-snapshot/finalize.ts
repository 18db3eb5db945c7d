// Deletion of a NodePoolSnapshot: Orphan leaves the Azure snapshot; Delete waits while pools or clusters
// still need it, deletes it (synchronously) and then drops the finalizer. Only the recorded ID is deleted,
// and only while its owner tag (or, before tags, the status record) says it is this object's.
import type * as Arm from '@azure/arm-containerservice';
import {
  EventReason,
  DeletionPolicy,
  FINALIZER,
  type NodePoolSnapshot,
  type NodePoolSnapshotStatus,
} from '../../api/index.js';
import { hasFinalizer, type CustomObjectClient, type Result } from '../../runtime/index.js';
import type { ControllerContext } from '../shared/controller-context.js';
import { reportFailure } from '../shared/report-failure.js';
import { release, RELEASED_BY_ANNOTATION } from '../shared/release.js';
import type { StatusReport } from '../shared/status-report.js';
import { isReleaseAsked, recordedId } from '../shared/resource-anchor.js';
import type { ExternalSnapshot } from './external.js';
import { NodePoolSnapshotReason } from '../../api/index.js';
import type { SnapshotSource, SourceResolution } from './source.js';

export interface SnapshotFinalizerOptions {
  ctx: ControllerContext;
  objects: CustomObjectClient;
  newReport(snap: NodePoolSnapshot): StatusReport<NodePoolSnapshotStatus>;
  /** The Azure side acting for `snap` on the snapshot `id`. */
  externalFor(
    snap: NodePoolSnapshot,
    id: string,
    source: SnapshotSource | undefined,
    signal: AbortSignal,
  ): Promise<ExternalSnapshot>;
  /** Objects that still need the snapshot (see in-use.ts). */
  users(snap: NodePoolSnapshot): string[];
  /** Whether the snapshot Azure has at the recorded ID is this object's (never delete another's). */
  isOwn(snap: NodePoolSnapshot, id: string, observed: Arm.Snapshot): boolean;
}

export class SnapshotFinalizer {
  constructor(private readonly opts: SnapshotFinalizerOptions) {}

  async finalize(snap: NodePoolSnapshot, resolution: SourceResolution, signal: AbortSignal): Promise<Result> {
    if (!hasFinalizer(snap, FINALIZER)) return {};
    if (isReleaseAsked(snap)) return this.release(snap, RELEASED_BY_ANNOTATION, signal);
    if (snap.spec.deletionPolicy === DeletionPolicy.Orphan) {
      return this.release(snap, 'left the snapshot in Azure (deletionPolicy Orphan)', signal);
    }
    const source = resolution.state === 'resolved' ? resolution.source : undefined;
    // Only the recorded ID is ever deleted: it is recorded before the snapshot is taken.
    const id = recordedId(snap);
    if (!id) return this.release(snap, 'the snapshot was never taken; nothing to delete in Azure', signal);
    const report = this.opts.newReport(snap);
    // Only a snapshot that exists is worth keeping for its users.
    const users = snap.status?.azureResourceID ? this.opts.users(snap) : [];
    if (users.length > 0) {
      report.progress({
        state: 'reconciling',
        reason: NodePoolSnapshotReason.InUse,
        message: `waiting for ${users.join(', ')} to stop using the snapshot before deleting it in Azure; or set deletionPolicy: Orphan`,
      });
      await report.flush(signal);
      return { requeueAfterMs: this.opts.ctx.pollIntervalMs };
    }
    try {
      const ext = await this.opts.externalFor(snap, id, source, signal);
      const observed = await ext.observe(id, signal);
      if (!observed) return await this.release(snap, 'the Azure snapshot is gone', signal);
      if (!this.opts.isOwn(snap, id, observed)) {
        return await this.release(snap, `${id} is not this object's snapshot; it was left as it is`, signal);
      }
      await ext.delete(id, signal);
      this.opts.ctx.logger.info({ name: snap.metadata.name, id }, 'deleted Azure snapshot');
      void this.opts.ctx.events.event(
        snap,
        {
          type: 'Normal',
          reason: EventReason.DeletedSnapshot,
          message: `deleted ${id} (deletionPolicy Delete)`,
        },
        signal,
      );
      return await this.release(snap, 'the Azure snapshot is deleted', signal);
    } catch (err: unknown) {
      reportFailure({ obj: snap, report, err, events: this.opts.ctx.events });
      await report.flush(signal);
      throw err;
    }
  }

  private release(snap: NodePoolSnapshot, message: string, signal: AbortSignal): Promise<Result> {
    return release({ objects: this.opts.objects, events: this.opts.ctx.events, obj: snap, message, signal });
  }
}
