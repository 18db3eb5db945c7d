// Tags the operator keeps on every Azure resource it creates or adopts. They record in Azure which object
// owns the resource, so a second object, a restored object or another management cluster can tell.
// Azure tag names may not contain '/', so these use dashes. They are merged into every tag write and
// never reported as drift.

export const AzureTag = {
  /** `<Kind>/<namespace>/<name>` of the owning object. */
  Owner: 'aks-lifecycle-owner',
  /** metadata.uid of the owning object when the tag was last written. */
  OwnerUid: 'aks-lifecycle-owner-uid',
  /** On a NodePool's agent pools: the Azure name of the pool that serves the NodePool (blue/green). */
  ActivePool: 'aks-lifecycle-active-pool',
} as const;
export type AzureTag = (typeof AzureTag)[keyof typeof AzureTag];

/** Tag names the operator writes itself: never part of a spec's tags, never drift. */
export const OPERATOR_TAG_NAMES: readonly string[] = Object.values(AzureTag);

export interface OwnerRef {
  kind: string;
  namespace: string;
  name: string;
}

/** The value of the owner tag for an object. */
export function ownerTagValue(o: OwnerRef): string {
  return `${o.kind}/${o.namespace}/${o.name}`;
}

/** The owner an owner tag names; undefined when the value is not of that form. */
export function parseOwnerTag(value: string | undefined): OwnerRef | undefined {
  if (!value) return undefined;
  const parts = value.split('/');
  if (parts.length !== 3 || parts.some((p) => p === '')) return undefined;
  const [kind, namespace, name] = parts as [string, string, string];
  return { kind, namespace, name };
}
