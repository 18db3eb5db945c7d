// The ARM ID an object acts on, fixed once. It is recorded in an annotation (which a restore keeps) before
// the first write; every later pass, and the finalizer, act on the recorded ID only. When the spec, the
// credential or the subscription later points elsewhere, the object stalls instead of re-targeting, unless
// nothing of its own is at the recorded ID (then nothing can leak and the new ID is recorded).
import { Annotation, Reason } from '../../api/index.js';
import { InvalidSpecError, keyString, objectKey, type KubeObject } from '../../runtime/index.js';
import type { FinalizerClient } from '../../runtime/index.js';
import { classifyKubeError, isNotFound } from '../../runtime/index.js';

export interface AnchoredObject extends KubeObject {
  metadata: KubeObject['metadata'] & { annotations?: Record<string, string> };
  status?: { azureResourceID?: string };
}

/** The ARM ID the object recorded: its annotation, else (objects from before the annotation) its status. */
export function recordedId(obj: AnchoredObject): string | undefined {
  return obj.metadata?.annotations?.[Annotation.AzureResourceId] ?? obj.status?.azureResourceID;
}

export const sameId = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

export type AnchorStep =
  /** The recorded ID is the one the spec names: act on it. */
  | { do: 'act'; id: string }
  /** Nothing recorded in the annotation yet: record `id` first (one Kubernetes write), then act. */
  | { do: 'record'; id: string }
  /** The spec now names another ID than the recorded one: look at the recorded one before anything else. */
  | { do: 'compare'; recorded: string; wanted: string };

/** What to do about the object's ARM ID this pass. Pure. */
export function anchorStep(obj: AnchoredObject, wanted: string): AnchorStep {
  const annotated = obj.metadata?.annotations?.[Annotation.AzureResourceId];
  const recorded = annotated ?? obj.status?.azureResourceID;
  if (recorded === undefined) return { do: 'record', id: wanted };
  if (!sameId(recorded, wanted)) return { do: 'compare', recorded, wanted };
  return annotated === undefined ? { do: 'record', id: recorded } : { do: 'act', id: recorded };
}

/** The stall of an object whose spec points away from the resource it owns. */
export function resourceMovedError(recorded: string, wanted: string, field: string): InvalidSpecError {
  return new InvalidSpecError(
    `this object owns ${recorded}, but its spec, credential or subscription now points at ${wanted}; ` +
      'the operator never re-targets an object. Put the spec back, or delete this object ' +
      '(deletionPolicy Orphan keeps the Azure resource) and create a new one for the new resource',
    { reason: Reason.ResourceIDChanged, field },
  );
}

/**
 * Records `id` (and any `extra` annotations) on the object with a merge patch that carries its
 * resourceVersion, so a stale object fails with a conflict. Returns false when the object is gone.
 */
export async function recordId(
  client: FinalizerClient,
  obj: AnchoredObject,
  id: string,
  signal: AbortSignal,
  extra: Record<string, string> = {},
): Promise<boolean> {
  const key = objectKey(obj);
  const resourceVersion = obj.metadata?.resourceVersion;
  if (!resourceVersion) throw new Error(`cannot record the ARM ID of ${keyString(key)}: no resourceVersion`);
  try {
    await client.mergePatch(
      key,
      { metadata: { resourceVersion, annotations: { ...extra, [Annotation.AzureResourceId]: id } } },
      signal,
    );
    return true;
  } catch (err: unknown) {
    if (isNotFound(err)) return false;
    throw classifyKubeError(err, `record the ARM ID of ${client.kind.plural} ${keyString(key)}`);
  }
}

export interface AnchorInput<T> {
  obj: AnchoredObject;
  /** The ARM ID the spec (with the access it resolves to) names now. */
  wanted: string;
  client: FinalizerClient;
  signal: AbortSignal;
  observe(id: string, signal: AbortSignal): Promise<T | undefined>;
  /** Whether what Azure has at `id` is the object's own. */
  isOwn(id: string, observed: T): boolean;
  /** Two IDs the object moves between by itself (a pool and its blue/green twin): not a re-target. */
  isOwnMove?(recorded: string, wanted: string): boolean;
  /** Checks what Azure has at the ID about to be recorded (throws to refuse it); returns annotations to record with it. */
  beforeRecord?(id: string): Promise<Record<string, string>>;
}

/**
 * The ARM ID this pass acts on, or `recorded` when this pass recorded one (the watch brings the object
 * back; the caller writes nothing else). Throws ResourceIDChanged when the spec points away from a
 * resource the object still owns.
 */
export async function anchorResource<T>(
  input: AnchorInput<T>,
): Promise<{ id: string } | { recorded: boolean }> {
  const { obj, signal } = input;
  const step = anchorStep(obj, input.wanted);
  if (step.do === 'act') return { id: step.id };
  if (step.do === 'compare' && !input.isOwnMove?.(step.recorded, step.wanted)) {
    const there = await input.observe(step.recorded, signal);
    if (there && input.isOwn(step.recorded, there))
      throw resourceMovedError(step.recorded, step.wanted, 'spec');
  }
  const id = step.do === 'record' ? step.id : step.wanted;
  const extra = step.do === 'record' && input.beforeRecord ? await input.beforeRecord(id) : {};
  return { recorded: await recordId(input.client, obj, id, signal, extra) };
}

/** Whether the release annotation asks the finalizer to let the object go without touching Azure. */
export function isReleaseAsked(obj: AnchoredObject): boolean {
  return obj.metadata?.annotations?.[Annotation.Release]?.trim().toLowerCase() === 'true';
}
