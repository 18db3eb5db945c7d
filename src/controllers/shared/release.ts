// Letting an object go without touching Azure: its finalizer removed and a Normal event that says why
// (deletionPolicy Orphan, the release annotation, a resource that is not the object's).
import { Annotation, EventReason, FINALIZER } from '../../api/index.js';
import {
  removeFinalizer,
  type EventRecorder,
  type FinalizerClient,
  type KubeObject,
  type Result,
} from '../../runtime/index.js';

/** The message of a release asked by the annotation. */
export const RELEASED_BY_ANNOTATION = `released by the ${Annotation.Release} annotation; Azure was not touched`;

export interface ReleaseInput {
  objects: FinalizerClient;
  events: EventRecorder;
  obj: KubeObject;
  message: string;
  signal: AbortSignal;
}

export async function release(input: ReleaseInput): Promise<Result> {
  await removeFinalizer(input.objects, input.obj, FINALIZER, input.signal);
  void input.events.event(input.obj, {
    type: 'Normal',
    reason: EventReason.Released,
    message: input.message,
  });
  return {};
}
