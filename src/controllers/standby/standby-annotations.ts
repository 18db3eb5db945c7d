// What the standby controller writes: the count it asks of the standby pool (applied by effectivePool)
// and, on the active pool, where its standby stands (scaled out, recovered, draining back), as times.
import { Annotation, type NodePool } from '../../api/index.js';

export const StandbyAnnotation = {
  /** On the standby pool: the node count asked of it (Annotation.StandbyCount). */
  Count: Annotation.StandbyCount,
  /** On the active pool: when its standby was scaled out (ISO time); absent while the standby is idle. */
  ActiveSince: Annotation.StandbyActiveSince,
  /** On the active pool: since when it has had all its nodes and no Pending pods (ISO time). */
  RecoveredSince: Annotation.StandbyRecoveredSince,
  /** On the active pool: when the drain of the standby back to 0 started (ISO time). */
  DrainingSince: Annotation.StandbyDrainingSince,
} as const;
export type StandbyAnnotation = (typeof StandbyAnnotation)[keyof typeof StandbyAnnotation];

/** A merge patch of annotations: a string sets, null removes. */
export type AnnotationPatch = Partial<Record<StandbyAnnotation, string | null>>;

/** The count asked of a standby pool; 0 when none (or unreadable: effectivePool reports that one). */
export function askedCount(standby: NodePool): number {
  const value = standby.metadata.annotations?.[StandbyAnnotation.Count]?.trim();
  return value && /^\d{1,4}$/.test(value) ? Number(value) : 0;
}

/** A time kept in an annotation, in ms; undefined when absent or unreadable. */
export function annotatedTime(np: NodePool, key: StandbyAnnotation): number | undefined {
  const value = np.metadata.annotations?.[key];
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
