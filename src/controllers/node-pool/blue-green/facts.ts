// What a blue/green pass knows before it decides: the twin in Azure, and from the workload cluster only
// what the recorded phase needs (twin nodes Ready, old nodes cordoned, the moved workloads' replicas),
// plus what status says of the twin's failure, of a retry the user asked for and of an abort.
import type * as Arm from '@azure/arm-containerservice';
import type { V1Node } from '@kubernetes/client-node';
import { Annotation, BlueGreenPhase, type NodePool, type NodePoolStatus } from '../../../api/index.js';
import { isCordoned, isCordonedByDrain } from '../../../drain/index.js';
import { requestedBy } from '../../shared/requested-by.js';
import type { BlueGreenFacts } from './decide.js';
import { DRAINED_AT_ANNOTATION } from './drain.js';
import { activePoolName } from './names.js';
import { movedWorkloads, shortWorkloads } from './serving.js';
import type { PoolWorkload } from './workload.js';

/** Drain timeout when spec.blueGreen leaves it out; also how long the twin may take to serve. */
export const DEFAULT_DRAIN_TIMEOUT_MINUTES = 30;

/** What a pass reads for a replacement in progress: the twin in Azure and, by phase, the workload cluster. */
export interface BlueGreenReads {
  /** The twin pool; undefined when Azure does not have it. */
  twin: Arm.AgentPool | undefined;
  /** The old pool's nodes, when the phase needed them (cordoning, deleting the old pool, rolling back). */
  oldNodes?: V1Node[];
  twinReadyNodes?: number;
  uncordonedOldNodes?: number;
  cordonedOldNodes?: number;
  shortWorkloads?: string[];
  /** When each old node was drained (its drained-at annotation), read while deleting the old pool. */
  oldDrainedAtMs?: number[];
}

export interface ReadInput {
  np: NodePool;
  /** Status as this pass found it: the phase and the nodes this replacement cordoned. Read only. */
  status: NodePoolStatus;
  /** The active (old) pool as observed this pass. */
  old: Arm.AgentPool | undefined;
  /** Reads the twin pool from Azure. */
  observeTwin: (signal: AbortSignal) => Promise<Arm.AgentPool | undefined>;
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

/** Reads the twin and, from the workload cluster, only what the recorded phase needs. Writes nothing. */
export async function readBlueGreen(input: ReadInput): Promise<BlueGreenReads> {
  const { np, status, old, signal } = input;
  const phase = status.blueGreen?.phase;
  const twinName = status.blueGreen?.twinPoolName ?? '';
  const reads: BlueGreenReads = { twin: await input.observeTwin(signal) };
  const isTwinUp = reads.twin?.provisioningState === 'Succeeded';
  const oldNodes = async (): Promise<V1Node[]> => {
    reads.oldNodes = await (await input.open()).poolNodes(activePoolName(np), signal);
    return reads.oldNodes;
  };
  const readyTwinNodes = async (): Promise<number> =>
    (await (await input.open()).poolNodes(twinName, signal)).filter(isNodeReady).length;
  switch (phase) {
    case BlueGreenPhase.WaitingForTwin:
      if (isTwinUp) reads.twinReadyNodes = await readyTwinNodes();
      break;
    case BlueGreenPhase.Cordoning:
      if (old && !old.enableAutoScaling)
        reads.uncordonedOldNodes = (await oldNodes()).filter((n) => !isCordoned(n)).length;
      break;
    case BlueGreenPhase.DeletingOld: {
      if (!old || !isTwinUp) break;
      reads.twinReadyNodes = await readyTwinNodes();
      const nodes = await oldNodes();
      reads.shortWorkloads = await shortWorkloads(await input.open(), movedWorkloads(nodes), signal);
      reads.oldDrainedAtMs = nodes.map(
        (n) => Date.parse(n.metadata?.annotations?.[DRAINED_AT_ANNOTATION] ?? '') || 0,
      );
      break;
    }
    case BlueGreenPhase.RollingBack:
      reads.cordonedOldNodes = (await oldNodes()).filter((n) => isOurCordon(status, n)).length;
      break;
    default:
      break;
  }
  return reads;
}

export interface FactsInput {
  np: NodePool;
  status: NodePoolStatus;
  /** The active (old) pool as observed this pass. */
  old: Arm.AgentPool | undefined;
  reads: BlueGreenReads;
  nowMs: number;
}

/** What the decision of a replacement in progress knows, from what was read and what status says. Pure. */
export function blueGreenFacts(input: FactsInput): BlueGreenFacts {
  const { np, status, reads } = input;
  const bg = status.blueGreen;
  const phase = bg?.phase ?? BlueGreenPhase.CreatingTwin;
  return {
    phase,
    twinName: bg?.twinPoolName ?? '',
    old: input.old,
    twin: reads.twin,
    twinReadyNodes: reads.twinReadyNodes,
    servingTimeoutMs: (np.spec.blueGreen?.drainTimeoutInMinutes ?? DEFAULT_DRAIN_TIMEOUT_MINUTES) * 60_000,
    ...twinError(status),
    ...abortOf(np, status),
    ...(reads.uncordonedOldNodes !== undefined ? { uncordonedOldNodes: reads.uncordonedOldNodes } : {}),
    ...(reads.cordonedOldNodes !== undefined ? { cordonedOldNodes: reads.cordonedOldNodes } : {}),
    ...(reads.shortWorkloads !== undefined ? { shortWorkloads: reads.shortWorkloads } : {}),
    ...(reads.oldDrainedAtMs !== undefined
      ? { drainedForMs: input.nowMs - drainedAtMs(status, reads.oldDrainedAtMs, input.nowMs) }
      : {}),
    ...(phase === BlueGreenPhase.RollingBack ? { isRetryAsked: isRetryAsked(np, status) } : {}),
  };
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
function drainedAtMs(status: NodePoolStatus, drained: number[], nowMs: number): number {
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
