// The frame every managed-resource reconciler shares, after Crossplane's managed reconciler: wait for
// the cache to catch up with our own writes, delete through the finalizer, add the finalizer before
// touching Azure, then sync and report failures through one status write.
import { FINALIZER } from '../../api/index.js';
import {
  ensureFinalizer,
  isBeingDeleted,
  type Condition,
  type EventRecorder,
  type FinalizerClient,
  type KubeObject,
  type Result,
} from '../../runtime/index.js';
import { reportFailure } from './report-failure.js';
import type { ReportedStatus, StatusReport } from './status-report.js';
import { CACHE_LAG_REQUEUE_MS, type WriteExpectations } from './write-expectations.js';

export interface ManagedReconcile<S extends ReportedStatus> {
  obj: KubeObject & { status?: { conditions?: Condition[] } };
  objects: FinalizerClient;
  events: EventRecorder;
  signal: AbortSignal;
  /** Present where acting on a status our last write has not reached the cache with could lose a record. */
  expectations?: WriteExpectations;
  finalize(): Promise<Result>;
  newReport(): StatusReport<S>;
  sync(report: StatusReport<S>): Promise<Result>;
}

export async function reconcileManaged<S extends ReportedStatus>(r: ManagedReconcile<S>): Promise<Result> {
  // Our last write has not reached the cache yet: acting now would act on a stale status.
  if (r.expectations?.isStale(r.obj)) return { requeueAfterMs: CACHE_LAG_REQUEUE_MS };
  // Azure is only ever deleted here, through the finalizer, never because an object left the cache.
  if (isBeingDeleted(r.obj)) return r.finalize();
  // The patch brings the object back through the watch, with the resourceVersion status writes need.
  if (await ensureFinalizer(r.objects, r.obj, FINALIZER, r.signal)) {
    r.expectations?.wrote(r.obj);
    return {};
  }
  const report = r.newReport();
  try {
    return await r.sync(report);
  } catch (err: unknown) {
    reportFailure({ obj: r.obj, report, err, events: r.events });
    throw err;
  } finally {
    await report.flush(r.signal);
  }
}
