// What deleting an object does to its Azure resource when the spec does not say: a resource the operator
// created is deleted with it; one it adopted is kept (taking a resource over must never be a way to lose it).
import { Annotation, DeletionPolicy } from '../../api/index.js';

export interface DeletionPolicyObject {
  metadata: { annotations?: Record<string, string> };
  spec: { deletionPolicy?: DeletionPolicy; adoption?: unknown };
}

/** Whether the object took a resource it did not create (an explicit adoption, or a pool it adopted). */
export function isAdopted(obj: DeletionPolicyObject): boolean {
  return Boolean(obj.spec.adoption) || obj.metadata.annotations?.[Annotation.Adopted] === 'true';
}

export function effectiveDeletionPolicy(obj: DeletionPolicyObject): DeletionPolicy {
  return obj.spec.deletionPolicy ?? (isAdopted(obj) ? DeletionPolicy.Orphan : DeletionPolicy.Delete);
}
