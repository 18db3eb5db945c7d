// What keeps a blue/green drain from going on, as status.upgrade.blockedBy: each blocking Pod and
// PodDisruptionBudget with why (a budget of zero by spec, or zero now because a sibling is unready or a
// replacement is Pending), pods the drain refuses or that do not terminate, and nodes past the timeout.
import { NodePoolReason, type BlockedBy } from '../../../api/index.js';
import {
  BlockReason,
  DrainPhase,
  describePdb,
  notRolledText,
  type DrainReport,
  type PdbExplanation,
  type PodRef,
} from '../../../drain/index.js';

const MAX_BLOCKERS = 16;
const MAX_MESSAGE = 1024;

/** Reasons of blockedBy entries about budgets and the pods that empty them. */
export const BlockerReason = {
  StructuralZeroBudget: NodePoolReason.StructuralZeroBudget,
  EffectiveZeroBudget: NodePoolReason.EffectiveZeroBudget,
  PodUnready: NodePoolReason.PodUnready,
  ReplacementPending: NodePoolReason.ReplacementPending,
} as const;

/** Transient answers that are retried without telling anyone. */
const QUIET: string[] = [BlockReason.ServerError, BlockReason.Throttled, BlockReason.PDBProcessing];

function cut(text: string): string {
  return text.length <= MAX_MESSAGE ? text : `${text.slice(0, MAX_MESSAGE - 1)}…`;
}

class Blockers {
  readonly list: BlockedBy[] = [];
  private readonly seen = new Set<string>();

  add(entry: BlockedBy): void {
    const key = `${entry.kind}/${entry.namespace ?? ''}/${entry.name}`;
    if (this.seen.has(key) || this.list.length >= MAX_BLOCKERS) return;
    this.seen.add(key);
    this.list.push({ ...entry, message: cut(entry.message) });
  }

  pod(pod: PodRef, reason: string, message: string): void {
    this.add({ kind: 'Pod', namespace: pod.namespace, name: pod.name, reason, message });
  }

  pdb(p: PdbExplanation): void {
    const reason =
      p.zero === 'Structural' ? BlockerReason.StructuralZeroBudget : BlockerReason.EffectiveZeroBudget;
    this.add({
      kind: 'PodDisruptionBudget',
      namespace: p.namespace,
      name: p.name,
      reason,
      message: describePdb(p),
    });
    for (const u of p.unreadyPods) {
      const where = u.node ? ` on node ${u.node}` : '';
      this.pod(
        u.pod,
        BlockerReason.PodUnready,
        `${u.reason}${where}; PDB ${p.namespace}/${p.name} counts it as unhealthy, so it allows no eviction`,
      );
    }
    for (const pending of p.pendingPods) {
      const why = pending.schedulingMessage ? `: ${pending.schedulingMessage}` : '';
      this.pod(
        pending.pod,
        BlockerReason.ReplacementPending,
        `Pending${why}; PDB ${p.namespace}/${p.name} allows no eviction until it runs`,
      );
    }
  }
}

function blockedReason(reason: string): string {
  if (reason === BlockReason.WorkloadRolled) return NodePoolReason.WorkloadRolled;
  return reason === BlockReason.PDBBlocked || reason === BlockReason.MultiplePDBs
    ? NodePoolReason.BlockedByPodDisruptionBudget
    : reason;
}

/** The blockers of this pass's reports; empty when nothing blocks. */
export function blockersOf(reports: DrainReport[]): BlockedBy[] {
  const b = new Blockers();
  for (const r of reports) {
    if (r.phase === DrainPhase.TimedOut) {
      b.add({
        kind: 'Node',
        name: r.node,
        reason: NodePoolReason.DrainTimeout,
        message: `drain of node ${r.node} started ${r.startedAt} and has not finished within the drain timeout; still retrying`,
      });
    }
    for (const p of r.blocked) {
      if (QUIET.includes(p.reason) || p.reason === BlockReason.AwaitingOtherPods) continue;
      b.pod(p.pod, blockedReason(p.reason), `on node ${r.node}: ${p.message}${notRolledText(p)}`);
      for (const pdb of p.pdbs) b.pdb(pdb);
    }
    for (const p of r.refused) b.pod(p.pod, NodePoolReason.UnmanagedPod, `on node ${r.node}: ${p.message}`);
    for (const t of r.terminating.filter((x) => x.isStuck)) {
      const finalizers = t.finalizers.length > 0 ? ` (finalizers: ${t.finalizers.join(', ')})` : '';
      b.pod(
        t.pod,
        NodePoolReason.PodStuckTerminating,
        `on node ${r.node}: still present after its deletion started at ${t.deletionTimestamp}${finalizers}`,
      );
    }
  }
  return b.list;
}

/** The Reconciling reason for a blocked drain: the most actionable blocker's. */
export function blockedConditionReason(blockers: BlockedBy[]): string {
  const reasons = blockers.map((x) => x.reason);
  for (const r of [
    NodePoolReason.BlockedByPodDisruptionBudget,
    NodePoolReason.UnmanagedPod,
    NodePoolReason.PodStuckTerminating,
    NodePoolReason.DrainTimeout,
  ])
    if (reasons.includes(r)) return r;
  return blockers[0]?.reason ?? NodePoolReason.BlockedByPodDisruptionBudget;
}
