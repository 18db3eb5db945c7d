// What an object asks beyond its generation: the request annotations (an UpgradePlan and its target,
// the standby count, a power override, a user's retry). Kept with the last operation, so a write Azure
// refused is tried again when they change, as it is when the spec changes.
import { Annotation } from '../../api/index.js';
import type { KubeObject } from '../../runtime/index.js';

const REQUEST_ANNOTATIONS = [
  Annotation.UpgradeTarget,
  Annotation.UpgradeStrategy,
  Annotation.NodeImageTarget,
  Annotation.UpgradeSnapshot,
  Annotation.StandbyCount,
  Annotation.PowerOverride,
  Annotation.Retry,
  Annotation.UpgradePlan,
] as const;

/** `upgrade-target=1.32;retry=2`; undefined when the object carries none of them. */
export function requestedBy(obj: KubeObject): string | undefined {
  const annotations = obj.metadata?.annotations ?? {};
  const parts = REQUEST_ANNOTATIONS.filter((key) => annotations[key] !== undefined).map(
    (key) => `${key.slice(key.indexOf('/') + 1)}=${annotations[key] ?? ''}`,
  );
  return parts.length > 0 ? parts.join(';').slice(0, 1024) : undefined;
}
