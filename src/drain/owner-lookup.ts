// Whether each pod's controller still exists (a pod whose controller is gone counts as unmanaged). Read
// once per pass; a drain of several nodes shares what it found so a controller seen once is not read again.

import type { V1OwnerReference, V1Pod } from '@kubernetes/client-node';
import type { DrainCluster } from './drain-cluster.js';
import { mapLimit } from './limiter.js';
import type { OwnerExists } from './pod-filters.js';
import { controllerRef, isTerminal, isTerminating } from './pod-state.js';

const LOOKUP_CONCURRENCY = 5;

/** Controllers seen to exist during one drain, by key; a lookup in progress is shared. */
export type KnownOwners = Map<string, Promise<boolean | undefined>>;

function ownerKey(namespace: string, owner: V1OwnerReference): string {
  return `${namespace}/${owner.apiVersion}/${owner.kind}/${owner.name}/${owner.uid}`;
}

/** Reads each distinct controller named by a pod that is still running, unless `knownOwners` has it. */
export async function resolveOwners(
  cluster: DrainCluster,
  pods: V1Pod[],
  knownOwners: KnownOwners | undefined,
  signal: AbortSignal,
): Promise<OwnerExists> {
  const wanted = new Map<string, { namespace: string; owner: V1OwnerReference }>();
  for (const pod of pods) {
    const owner = controllerRef(pod);
    if (!owner || owner.kind === 'Node' || isTerminal(pod) || isTerminating(pod)) continue;
    const namespace = pod.metadata?.namespace ?? '';
    wanted.set(ownerKey(namespace, owner), { namespace, owner });
  }
  const lookUp = (key: string, namespace: string, owner: V1OwnerReference): Promise<boolean | undefined> => {
    const shared = knownOwners?.get(key);
    if (shared) return shared;
    const found = cluster.ownerExists(namespace, owner, signal);
    if (knownOwners) {
      knownOwners.set(key, found);
      // Only an owner seen to exist is remembered; anything else is asked again next pass.
      found.then(
        (exists) => exists !== true && knownOwners.delete(key),
        () => knownOwners.delete(key),
      );
    }
    return found;
  };
  const entries = [...wanted.entries()];
  const found = await mapLimit(entries, LOOKUP_CONCURRENCY, ([key, w]) => lookUp(key, w.namespace, w.owner));
  const known = new Map(entries.map(([key], i) => [key, found[i]]));
  return (namespace, owner) => known.get(ownerKey(namespace, owner));
}
