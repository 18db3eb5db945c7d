// What a blue/green pass knows before it decides: the twin in Azure, and from the workload cluster only
// what the recorded phase needs (twin nodes Ready, old nodes cordoned, the moved workloads' replicas),
// plus what status says of the twin's failure, of a retry the user asked for and of an abort.
import type { V1Node } from '@kubernetes/client-node';
import { Annotation, BlueGreenPhase, type NodePool, type NodePoolStatus } from '../../../api/index.js';
import { isCordoned, isCordonedByDrain } from '../../../drain/index.js';
import type { Clock } from '../../../runtime/index.js';
import { requestedBy } from '../../shared/requested-by.js';
import type { BlueGreenFacts } from './decide.js';
import { DRAINED_AT_ANNOTATION } from './drain.js';
import { activePoolName } from './names.js';
import { movedWorkloads, shortWorkloads } from './serving.js';
import type { PoolWorkload } from './workload.js';

/** Drain timeout when spec.blueGreen leaves it out; also how long the twin may take to serve. */
export const DEFAULT_DRAIN_TIMEOUT_MINUTES = 30;

export interface FactsInput {
  np: NodePool;
  status: NodePoolStatus;
  clock: Clock;
  /** Facts read from Azure this pass (phase, twin, old pool). */
  azure: Pick<BlueGreenFacts, 'phase' | 'twinName' | 'old' | 'twin'>;
  open: () => Promise<PoolWorkload>;
  signal: AbortSignal;
}

export const nodeName = (n: V1Node): string => n.metadata?.name ?? '';

export function isNodeReady(n: V1Node): boolean {
  return n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}

/** A node this replacement cordoned (listed in status, or marked by the drain) that is still cordoned. */
export function isOurCordon(status: NodePoolStatus, n: V1Node): boolean {
  const ours = status.blueGreen?.cordonedNodes ?? [];
  return isCordoned(n) && (ours.includes(nodeName(n)) || isCordonedByDrain(n));
}

export async function observeFacts(input: FactsInput): Promise<BlueGreenFacts> {
  const { np, status, azure, signal } = input;
  const f: BlueGreenFacts = {
    ...azure,
    twinReadyNodes: undefined,
    servingTimeoutMs: (np.spec.blueGreen?.drainTimeoutInMinutes ?? DEFAULT_DRAIN_TIMEOUT_MINUTES) * 60_000,
    ...twinError(status),
    ...abortOf(np, status),
  };
  const isTwinUp = f.twin?.provisioningState === 'Succeeded';
  const oldNodes = async (): Promise<V1Node[]> => (await input.open()).poolNodes(activePoolName(np), signal);
  const readyTwinNodes = async (): Promise<number> =>
    (await (await input.open()).poolNodes(f.twinName, signal)).filter(isNodeReady).length;
  switch (f.phase) {
    case BlueGreenPhase.WaitingForTwin:
      if (isTwinUp) f.twinReadyNodes = await readyTwinNodes();
      break;
    case BlueGreenPhase.Cordoning:
      if (f.old && !f.old.enableAutoScaling)
        f.uncordonedOldNodes = (await oldNodes()).filter((n) => !isCordoned(n)).length;
      break;
    case BlueGreenPhase.DeletingOld: {
      if (!f.old || !isTwinUp) break;
      f.twinReadyNodes = await readyTwinNodes();
      const nodes = await oldNodes();
      f.shortWorkloads = await shortWorkloads(await input.open(), movedWorkloads(nodes), signal);
      f.drainedForMs = input.clock.now() - drainedAtMs(status, nodes, input.clock.now());
      break;
    }
    case BlueGreenPhase.RollingBack:
      f.cordonedOldNodes = (await oldNodes()).filter((n) => isOurCordon(status, n)).length;
      f.isRetryAsked = isRetryAsked(np, status);
      break;
    default:
      break;
  }
  return f;
}

/** Who asks to abort the replacement (the annotation), and who it already rolls back for (status). */
function abortOf(np: NodePool, status: NodePoolStatus): Pick<BlueGreenFacts, 'abortAskedBy' | 'abortedBy'> {
  const asked = np.metadata.annotations?.[Annotation.AbortReplacement];
  const by = status.blueGreen?.abortedBy;
  return {
    ...(asked !== undefined ? { abortAskedBy: asked } : {}),
    ...(by !== undefined ? { abortedBy: by } : {}),
  };
}

/** When the old pool was drained: its last node's drained-at, else the start of the replacement. */
function drainedAtMs(status: NodePoolStatus, oldNodes: V1Node[], nowMs: number): number {
  const drained = oldNodes.map(
    (n) => Date.parse(n.metadata?.annotations?.[DRAINED_AT_ANNOTATION] ?? '') || 0,
  );
  const started = Date.parse(status.blueGreen?.startedAt ?? '') || nowMs;
  return Math.max(started, ...drained);
}

/** The twin's create failed and status recorded why: the error, for the rollback and its stall. */
function twinError(status: NodePoolStatus): { twinError?: string } {
  const last = status.lastOperation;
  // During a replacement the only pool created is the twin.
  if (last?.type !== 'Create' || last.result !== 'Failed' || !last.error) return {};
  return { twinError: `${last.error.code}: ${last.error.message}`.slice(0, 512) };
}

/**
 * After a TwinFailed or TwinLost stall, the user asked again: the spec changed (generation) or the
 * request annotations did (e.g. aks.lifecycle.dev/retry). Read from what the stall recorded in status,
 * not from the Stalled condition: a pass that Azure refuses for now (busy, throttled) replaces that
 * condition, and the request must outlive it until Azure answers.
 */
function isRetryAsked(np: NodePool, status: NodePoolStatus): boolean {
  const stalledAt = status.blueGreen?.stalledGeneration;
  if (stalledAt === undefined) return false;
  return stalledAt !== (np.metadata.generation ?? 0) || requestedBy(np) !== status.upgrade?.requestedBy;
}
