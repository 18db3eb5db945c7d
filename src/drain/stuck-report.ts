// Renders a DrainReport for people: one condition reason and message (grouped like Cluster API's drain
// message: at most 3 pods per line, 5 lines) and the event texts a controller records on the Node.

import { EventReason } from '../api/index.js';
import { podKey } from './pod-state.js';
import { BlockReason, DrainPhase } from './types.js';
import type { BlockedPod, DrainReport, PdbExplanation } from './types.js';

export interface DrainEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** The pod the event is about, when it is about one; events are recorded on the Node. */
  pod?: string;
}

export interface RenderedDrain {
  /** One CamelCase reason for the condition. */
  reason: string;
  message: string;
  events: DrainEvent[];
}

const MAX_PODS_PER_LINE = 3;
const MAX_LINES = 5;

/** The reason a user should look at first, most actionable first. */
const REASON_ORDER: string[] = [
  BlockReason.EvictionForbidden,
  BlockReason.MultiplePDBs,
  BlockReason.PDBBlocked,
  BlockReason.PDBProcessing,
  BlockReason.PDBRejected,
  'StuckTerminating',
  'Unmanaged',
  'LocalStorage',
  BlockReason.NamespaceTerminating,
  BlockReason.Throttled,
  BlockReason.ServerError,
  BlockReason.DrainTimedOut,
  BlockReason.WorkloadRolled,
  BlockReason.AwaitingOtherPods,
  BlockReason.AwaitingRefusedPods,
];

export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h > 0) return `${h}h${m}m`;
  if (m > 0) return `${m}m${s > 0 ? `${s}s` : ''}`;
  return `${s}s`;
}

/** Why one budget allows nothing, in a sentence. */
export function describePdb(pdb: PdbExplanation): string {
  const name = `${pdb.namespace}/${pdb.name}`;
  if (pdb.zero === 'Structural') {
    return `PDB ${name} allows no disruption by its spec (${pdb.structuralReason ?? 'zero budget'}); change the PDB or scale the workload up`;
  }
  const numbers =
    pdb.desiredHealthy !== undefined
      ? ` needs ${pdb.desiredHealthy} healthy pods and has ${pdb.currentHealthy ?? 0} (allowed disruptions ${pdb.disruptionsAllowed ?? 0})`
      : '';
  const parts: string[] = [];
  if (pdb.unreadyPods.length > 0) {
    const list = pdb.unreadyPods.map((u) => `${podKey(u.pod)}${u.node ? ` on ${u.node}` : ''} (${u.reason})`);
    parts.push(`${pdb.unreadyPods.length} unready: ${list.join(', ')}`);
  }
  if (pdb.pendingPods.length > 0) {
    const list = pdb.pendingPods.map(
      (p) => `${podKey(p.pod)}${p.schedulingMessage ? ` (${p.schedulingMessage})` : ''}`,
    );
    parts.push(`${pdb.pendingPods.length} Pending: ${list.join(', ')}`);
  }
  const why = parts.length > 0 ? `; ${parts.join('; ')}` : '';
  return `PDB ${name}${numbers}${why}`;
}

/** With rollouts allowed: which workload was not rolled, and why. */
export function notRolledText(b: BlockedPod): string {
  const r = b.rollout;
  return r && !r.isRolled ? `; ${r.workload} not rolled: ${r.why ?? 'not eligible'}` : '';
}

function blockedText(b: BlockedPod, nowMs: number): string {
  const age = formatDuration(nowMs - Date.parse(b.since));
  if (b.reason === BlockReason.MultiplePDBs) {
    return `selected by more than one PDB (${b.pdbNames.join(', ')}), which eviction does not support; make one PDB select it (blocked ${age})`;
  }
  const pdbs = b.pdbs.length > 0 ? `: ${b.pdbs.map(describePdb).join('; ')}` : '';
  return `${b.message}${pdbs}${notRolledText(b)} (blocked ${age})`;
}

interface Line {
  reason: string;
  text: string;
  pods: string[];
}

function collectLines(report: DrainReport, nowMs: number): Line[] {
  const lines = new Map<string, Line>();
  const add = (reason: string, text: string, pod: string): void => {
    const key = `${reason}\u0000${text}`;
    const line = lines.get(key) ?? { reason, text, pods: [] };
    line.pods.push(pod);
    lines.set(key, line);
  };
  for (const b of report.blocked) add(b.reason, blockedText(b, nowMs), podKey(b.pod));
  for (const r of report.refused) add(r.reason, r.message, podKey(r.pod));
  for (const t of report.terminating.filter((x) => x.isStuck)) {
    const finalizers = t.finalizers.length > 0 ? ` (finalizers: [${t.finalizers.join(', ')}])` : '';
    const age = formatDuration(nowMs - Date.parse(t.deletionTimestamp));
    add('StuckTerminating', `deletionTimestamp passed ${age} ago, still present${finalizers}`, podKey(t.pod));
  }
  const rank = (r: string): number =>
    REASON_ORDER.includes(r) ? REASON_ORDER.indexOf(r) : REASON_ORDER.length;
  return [...lines.values()].sort((a, b) => rank(a.reason) - rank(b.reason) || a.text.localeCompare(b.text));
}

function renderLine(line: Line): string {
  const shown = [...line.pods].sort().slice(0, MAX_PODS_PER_LINE);
  const more = line.pods.length - shown.length;
  const label = line.pods.length === 1 ? 'Pod' : 'Pods';
  return `* ${label} ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}: ${line.text}`;
}

function conditionReason(report: DrainReport, lines: Line[]): string {
  if (report.phase === DrainPhase.Drained) return 'Drained';
  if (report.phase === DrainPhase.NodeNotFound) return 'NodeNotFound';
  if (report.phase === DrainPhase.TimedOut) return 'DrainTimeout';
  if (report.phase === DrainPhase.Quarantined) return 'Quarantined';
  return lines[0]?.reason ?? 'Draining';
}

function renderMessage(report: DrainReport, lines: Line[], nowMs: number): string {
  const started = `started ${report.startedAt}, ${formatDuration(nowMs - Date.parse(report.startedAt))} ago`;
  if (report.phase === DrainPhase.Drained) return `Node ${report.node} drained (${started})`;
  if (report.phase === DrainPhase.NodeNotFound)
    return `Node ${report.node} no longer exists; nothing to drain`;
  const head =
    report.phase === DrainPhase.Quarantined
      ? `Drain of node ${report.node} timed out (${started}); node left cordoned and skipped:`
      : `Drain of node ${report.node} not completed (${started}${report.phase === DrainPhase.TimedOut ? ', timed out' : ''}):`;
  const body = lines.slice(0, MAX_LINES).map(renderLine);
  const hidden = lines.slice(MAX_LINES).reduce((n, l) => n + l.pods.length, 0);
  if (hidden > 0) body.push(`* ${hidden} Pods with other issues`);
  if (lines.length === 0) body.push(`* waiting for ${report.remaining} pods to terminate`);
  if (report.isUnreachable)
    body.push('* node is unreachable (Ready=Unknown): evictions use a 1 s grace period');
  return [head, ...body].join('\n');
}

function renderEvents(report: DrainReport, nowMs: number): DrainEvent[] {
  const events: DrainEvent[] = [];
  if (report.cordonedNow)
    events.push({
      type: 'Normal',
      reason: EventReason.CordonedNode,
      message: `Cordoned node ${report.node} for draining`,
    });
  for (const p of report.evicted) {
    events.push({
      type: 'Normal',
      reason: EventReason.EvictedPod,
      message: `Evicted pod ${podKey(p)}`,
      pod: podKey(p),
    });
  }
  for (const f of report.forced) {
    const pdbs = f.bypassedPdbs.length > 0 ? `, bypassing PDB ${f.bypassedPdbs.join(', ')}` : '';
    const message = `Deleted pod ${podKey(f.pod)} after the drain timed out (grace ${f.gracePeriodSeconds}s${pdbs})`;
    events.push({ type: 'Warning', reason: EventReason.ForceDeletedPod, message, pod: podKey(f.pod) });
  }
  for (const b of report.blocked.filter((x) => x.rollout?.isRolledNow)) {
    events.push({
      type: 'Normal',
      reason: EventReason.RolledWorkload,
      message: `Rolled ${b.rollout?.workload ?? ''} (rollout restart) so its surge replaces pod ${podKey(b.pod)}`,
      pod: podKey(b.pod),
    });
  }
  for (const b of report.blocked) {
    const message = `Eviction of pod ${podKey(b.pod)} blocked: ${blockedText(b, nowMs)}`;
    events.push({ type: 'Warning', reason: b.reason, message, pod: podKey(b.pod) });
  }
  for (const r of report.refused) {
    events.push({
      type: 'Warning',
      reason: r.reason,
      message: `Pod ${podKey(r.pod)} ${r.message}`,
      pod: podKey(r.pod),
    });
  }
  for (const w of report.warnings) {
    events.push({
      type: 'Warning',
      reason: EventReason.DrainWarning,
      message: `Pod ${podKey(w.pod)}: ${w.message}`,
      pod: podKey(w.pod),
    });
  }
  if (report.phase === DrainPhase.Drained) {
    events.push({ type: 'Normal', reason: EventReason.DrainedNode, message: `Drained node ${report.node}` });
  }
  return events;
}

export function renderDrainReport(report: DrainReport, nowMs: number): RenderedDrain {
  const lines = collectLines(report, nowMs);
  return {
    reason: conditionReason(report, lines),
    message: renderMessage(report, lines, nowMs),
    events: renderEvents(report, nowMs),
  };
}
