// Whether a ManagedCluster or NodePool holds a new spec generation back from Azure for an UpgradePlan with
// target.specChanges: the plan marks the object (changes-held-by) and, when the object's stage opens,
// writes the generation it releases. Pure; both reconcilers ask it before any write a spec change causes.
import { Annotation, Reason, type ManagedCluster, type NodePool, type UpgradePlan } from '../../api/index.js';
import type { ObjectKey, Progress } from '../../runtime/index.js';
import type { ObjectCache } from './object-cache.js';

export interface ChangeHold {
  /** The UpgradePlan holding the object. */
  plan: string;
  /** The plan's stage the object belongs to, when the plan said. */
  stage?: string;
  /** metadata.generation: the spec that waits. */
  generation: number;
  /** status.appliedGeneration: the spec Azure has. */
  applied: number;
  /** The generation the plan released last. */
  released: number;
}

/** Decisions that write a spec to Azure; power changes (start, stop) and deletion are never held. */
const SPEC_WRITES: ReadonlySet<string> = new Set(['create', 'update', 'updateTags']);

/** Whether a reconciler's decision writes the spec to Azure, so a hold stops it. */
export function holdsWrite(action: string): boolean {
  return SPEC_WRITES.has(action);
}

/**
 * The hold on `obj`, or undefined when it may write: not marked, never applied (a new object is created
 * as declared), no generation past the applied one, or the plan released it already. `isPlanLive` says
 * whether the marking plan still exists: a deleted plan holds nothing.
 */
export function changeHold(
  obj: Pick<ManagedCluster | NodePool, 'metadata' | 'status'>,
  isPlanLive: (plan: string) => boolean = () => true,
): ChangeHold | undefined {
  const annotations = obj.metadata.annotations ?? {};
  const plan = annotations[Annotation.ChangesHeldBy];
  const generation = obj.metadata.generation;
  const applied = obj.status?.appliedGeneration;
  if (!plan || generation === undefined || applied === undefined || generation <= applied) return undefined;
  if (!isPlanLive(plan)) return undefined;
  const released = Number(annotations[Annotation.ReleasedGeneration] ?? '0');
  if (Number.isInteger(released) && released >= generation) return undefined;
  const hold: ChangeHold = {
    plan,
    generation,
    applied,
    released: Number.isInteger(released) ? released : 0,
  };
  const stage = annotations[Annotation.ChangesStage];
  if (stage) hold.stage = stage;
  return hold;
}

/**
 * How a held object reads: Ready True (it has seen its spec and decided to wait; kstatus Current, Argo CD
 * Healthy) with reason ChangeHeld naming the plan, the generations and the stage it waits for.
 */
export function changeHeldProgress(hold: ChangeHold): Progress {
  const stage = hold.stage ? `stage ${hold.stage}` : 'its stage';
  return {
    state: 'ready',
    reason: Reason.ChangeHeld,
    message:
      `UpgradePlan ${hold.plan} holds spec generation ${hold.generation} until ${stage} opens; ` +
      `Azure keeps generation ${hold.applied} meanwhile`,
  };
}

/** Whether a plan of `namespace` exists, from the UpgradePlan cache; without a cache every plan does. */
export function livePlans(
  plans: Pick<ObjectCache<UpgradePlan>, 'get'> | undefined,
  namespace: string,
): (plan: string) => boolean {
  return (plan) => !plans || plans.get({ namespace, name: plan }) !== undefined;
}

/** The objects among `objs` that `plan` marked as held: its deletion lets them write again. */
export function heldBy(
  plan: Pick<UpgradePlan, 'metadata'>,
  objs: readonly Pick<ManagedCluster | NodePool, 'metadata'>[],
): ObjectKey[] {
  return objs
    .filter((o) => o.metadata.annotations?.[Annotation.ChangesHeldBy] === plan.metadata.name)
    .map((o) => ({ namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '' }));
}
