// How an UpgradePlan asks for a cluster step: the annotations it sets on the ManagedCluster or NodePool
// (never their spec), and whether an object already carries them. Pure.
import { Annotation, type ManagedCluster, type NodePool } from '../../api/index.js';
import { isUpgrade } from '../shared/kube-version.js';
import type { ClusterStep } from './cluster-steps.js';

export interface AnnotationRequest {
  kind: 'ManagedCluster' | 'NodePool';
  /** Object name in the plan's namespace. */
  name: string;
  annotations: Record<string, string>;
}

interface StepInput {
  plan: string;
  cluster: ManagedCluster;
  /** The NodePools of the cluster, by Azure pool name or object name. */
  poolObject: (pool: string) => NodePool | undefined;
  step: ClusterStep;
  /** The plan's drain settings, passed to the pools it replaces blue/green. */
  drain?: { timeoutMinutes: number; concurrency: number; onTimeout?: string; rollouts?: string };
}

/** The annotation change a step needs; undefined when the step cannot be asked through annotations. */
export function stepAnnotations(input: StepInput): AnnotationRequest | undefined {
  const request = baseAnnotations(input);
  const { step, drain } = input;
  if (!request || !drain || !('strategy' in step) || step.strategy !== 'BlueGreen') return request;
  request.annotations[Annotation.DrainTimeoutMinutes] = String(drain.timeoutMinutes);
  request.annotations[Annotation.DrainBatchSize] = String(drain.concurrency);
  if (drain.onTimeout) request.annotations[Annotation.DrainOnTimeout] = drain.onTimeout;
  if (drain.rollouts) request.annotations[Annotation.DrainRollouts] = drain.rollouts;
  return request;
}

function baseAnnotations(input: StepInput): AnnotationRequest | undefined {
  const { step, plan } = input;
  switch (step.kind) {
    case 'ControlPlane':
      return {
        kind: 'ManagedCluster',
        name: input.cluster.metadata.name ?? '',
        annotations: { [Annotation.UpgradeTarget]: step.to, [Annotation.UpgradePlan]: plan },
      };
    case 'NodePool':
      return poolRequest(input, step.pool, { [Annotation.UpgradeTarget]: step.to });
    case 'NodeImage':
      return poolRequest(input, step.pool, { [Annotation.NodeImageTarget]: step.to ?? 'latest' });
    case 'Snapshot':
      return poolRequest(input, step.pool, {
        [Annotation.UpgradeSnapshot]: step.snapshot,
        [Annotation.UpgradeTarget]: step.to,
      });
    case 'Release':
      return {
        kind: step.object,
        name: step.name,
        annotations: { [Annotation.ReleasedGeneration]: String(step.to) },
      };
  }
}

/** A pool step's request: what it asks, with the step's strategy and the plan; none without the NodePool. */
function poolRequest(
  input: StepInput,
  pool: string,
  asks: Record<string, string>,
): AnnotationRequest | undefined {
  const np = input.poolObject(pool);
  if (!np || !('strategy' in input.step)) return undefined;
  return {
    kind: 'NodePool',
    name: np.metadata.name ?? '',
    annotations: {
      ...asks,
      [Annotation.UpgradeStrategy]: input.step.strategy,
      [Annotation.UpgradePlan]: input.plan,
    },
  };
}

/** Whether the object carries every annotation of the request already (nothing to write). */
export function hasAnnotations(
  obj: { metadata: { annotations?: Record<string, string> } },
  wanted: Record<string, string>,
): boolean {
  const have = obj.metadata.annotations ?? {};
  return Object.entries(wanted).every(([k, v]) => have[k] === v);
}

/**
 * Whether writing `wanted` would lower a version target the object already has: a stale cache must
 * never move a target down (the effective spec takes the higher one anyway, but the record would lie).
 */
export function wouldLowerTarget(
  obj: { metadata: { annotations?: Record<string, string> } },
  wanted: Record<string, string>,
): boolean {
  const have = obj.metadata.annotations?.[Annotation.UpgradeTarget];
  const want = wanted[Annotation.UpgradeTarget];
  return have !== undefined && want !== undefined && isUpgrade(have, want);
}
