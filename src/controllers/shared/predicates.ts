// Which updates of a primary object need a reconcile: a new generation (spec), deletion, finalizers,
// annotations or labels. Status-only updates (our own writes) do not; resyncs always pass.
import type { KubeObject } from '../../runtime/index.js';

interface Meta {
  generation?: number;
  deletionTimestamp?: unknown;
  finalizers?: string[];
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
}

export function isSpecOrMetaChange(old: KubeObject, current: KubeObject): boolean {
  const a = (old.metadata ?? {}) as Meta;
  const b = (current.metadata ?? {}) as Meta;
  return (
    a.generation !== b.generation ||
    Boolean(a.deletionTimestamp) !== Boolean(b.deletionTimestamp) ||
    JSON.stringify(a.finalizers ?? []) !== JSON.stringify(b.finalizers ?? []) ||
    JSON.stringify(a.annotations ?? {}) !== JSON.stringify(b.annotations ?? {}) ||
    JSON.stringify(a.labels ?? {}) !== JSON.stringify(b.labels ?? {})
  );
}

/** A new generation (spec) or other labels: what others read of an object, without its status or annotations. */
export function isSpecOrLabelChange(old: KubeObject, current: KubeObject): boolean {
  const a = (old.metadata ?? {}) as Meta;
  const b = (current.metadata ?? {}) as Meta;
  return a.generation !== b.generation || JSON.stringify(a.labels ?? {}) !== JSON.stringify(b.labels ?? {});
}
