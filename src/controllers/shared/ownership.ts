// Which object an Azure resource belongs to. The owner tag in Azure names it; an object takes a resource
// only when the tag names it, or when it may take an untagged one (an explicit adoption, or a resource it
// already recorded as its own) and no other live object holds it. Every write carries the owner tags.
import {
  AzureTag,
  OPERATOR_TAG_NAMES,
  ownerTagValue,
  parseOwnerTag,
  Reason,
  type OwnerRef,
} from '../../api/index.js';
import { InvalidSpecError } from '../../runtime/index.js';
import { recordedId, sameId } from './resource-anchor.js';

/** The parts of an object its ownership is told by. */
export interface OwnerObject {
  kind?: string;
  metadata: { namespace?: string; name?: string; uid?: string };
}

export function ownerOf(obj: OwnerObject, kind: string): OwnerRef {
  return { kind, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '' };
}

/** The tags that mark a resource as `obj`'s. */
export function ownerTags(obj: OwnerObject, kind: string): Record<string, string> {
  const tags: Record<string, string> = { [AzureTag.Owner]: ownerTagValue(ownerOf(obj, kind)) };
  if (obj.metadata.uid) tags[AzureTag.OwnerUid] = obj.metadata.uid;
  return tags;
}

/** `tags` with the owner tags of `obj` merged in (they win over any value in `tags`). */
export function withOwnerTags(
  tags: Record<string, string> | undefined,
  obj: OwnerObject,
  kind: string,
): Record<string, string> {
  return { ...tags, ...ownerTags(obj, kind) };
}

/** `tags` without the ones the operator writes itself (which are never the spec's and never drift). */
export function withoutOperatorTags(tags: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags ?? {})) {
    if (!OPERATOR_TAG_NAMES.some((n) => n.toLowerCase() === k.toLowerCase())) out[k] = v;
  }
  return out;
}

function tagValue(tags: Record<string, string> | undefined, name: string): string | undefined {
  const entry = Object.entries(tags ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase());
  return entry?.[1];
}

const sameOwner = (a: OwnerRef, b: OwnerRef): boolean =>
  a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;

const describe = (o: OwnerRef): string => `${o.kind} ${o.namespace}/${o.name}`;

/** Another object of `objects` that already holds `id` as its own (recorded, and confirmed in status). */
export function otherHolder<
  T extends OwnerObject & {
    metadata: { annotations?: Record<string, string> };
    status?: { azureResourceID?: string };
  },
>(objects: readonly T[], me: OwnerObject, id: string): T | undefined {
  return objects.find(
    (other) =>
      other.metadata.uid !== me.metadata.uid &&
      sameId(recordedId(other), id) &&
      sameId(other.status?.azureResourceID, id),
  );
}

export interface ClaimFacts {
  me: OwnerRef;
  /** The ARM ID, for messages. */
  id: string;
  /** The resource's tags as Azure has them. */
  tags: Record<string, string> | undefined;
  /** The object may take a resource without an owner tag: an explicit adoption, or an ID it recorded as its own. */
  mayTakeUntagged: boolean;
  /** Another live object that already holds this ARM ID as its own, if any. */
  otherHolder?: OwnerRef;
  /** Whether the object an owner tag names still exists. */
  isLive(owner: OwnerRef): boolean;
  /** An owner that hands its resource over to this object (a ManagedCluster its System pool to a System NodePool). */
  handsOver?: OwnerRef;
  /** What to write to take an untagged resource (for the AlreadyExists message). */
  adoptHint: string;
}

export type Claim =
  | { ok: true }
  | { ok: false; reason: typeof Reason.AlreadyExists | typeof Reason.OwnedByAnotherObject; message: string };

/** Whether the object may act on the existing resource. Pure. */
export function claim(f: ClaimFacts): Claim {
  const tagged = parseOwnerTag(tagValue(f.tags, AzureTag.Owner));
  if (tagged && sameOwner(tagged, f.me)) return { ok: true };
  const isHandedOver = tagged !== undefined && f.handsOver !== undefined && sameOwner(tagged, f.handsOver);
  if (tagged && !isHandedOver && (f.isLive(tagged) || !f.mayTakeUntagged)) {
    return {
      ok: false,
      reason: Reason.OwnedByAnotherObject,
      message:
        `${f.id} belongs to ${describe(tagged)} (its ${AzureTag.Owner} tag); nothing was written. ` +
        `Use another name, or delete ${describe(tagged)} with deletionPolicy Orphan and adopt the resource`,
    };
  }
  if (f.otherHolder && !sameOwner(f.otherHolder, f.me)) {
    return {
      ok: false,
      reason: Reason.OwnedByAnotherObject,
      message: `${f.id} is already managed by ${describe(f.otherHolder)}; nothing was written. Use another name, or manage it from that object`,
    };
  }
  if (tagged || f.mayTakeUntagged) return { ok: true };
  return {
    ok: false,
    reason: Reason.AlreadyExists,
    message:
      `${f.id} already exists in Azure and was not created by this object; nothing was written. ` +
      `To manage it, ${f.adoptHint}; otherwise pick another name`,
  };
}

/** The refusal as the error that stalls the object until its spec changes. */
export function claimError(c: Extract<Claim, { ok: false }>, field: string): InvalidSpecError {
  return new InvalidSpecError(c.message, { reason: c.reason, field });
}
