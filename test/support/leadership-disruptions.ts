// What moves leadership between two operator replicas during a chaos run, at seeded moments: the leader's
// Lease calls hang past the lease duration (it must stop acting, exit and come back as a standby) or only
// briefly (a slow answer it survives), the leader is killed with SIGKILL, or the standby is. One at a time,
// each aimed at whoever leads when it strikes.
import type { SeededRandom } from './chaos-random.js';
import type { OperatorReplica } from './operator-replica.js';
import { waitFor } from './wait.js';

export const Disruption = {
  /** The leader's Lease requests hang longer than the lease lasts, then go through again. */
  HangLeader: 'hangLeader',
  /** The leader's Lease requests are held for part of the renew deadline, then answered. */
  SlowLeaseAnswers: 'slowLeaseAnswers',
  KillLeader: 'killLeader',
  KillStandby: 'killStandby',
} as const;
export type Disruption = (typeof Disruption)[keyof typeof Disruption];

export interface DisruptionRecord {
  kind: Disruption;
  replica: string;
  /** Epoch ms at which it struck. */
  at: number;
  /** Real milliseconds the target's incarnation had run by then. */
  aliveMs: number;
  /** How long the Lease calls hung, or the replica stayed down. */
  lengthMs: number;
}

export interface LeaseTimings {
  leaseDurationMs: number;
  renewDeadlineMs: number;
}

/** The replica whose running incarnation holds an unexpired lease, by the Lease writes the API server accepted. */
export function currentLeader(replicas: readonly OperatorReplica[]): OperatorReplica | undefined {
  const latest = replicas
    .flatMap((r) => r.lease.acceptedWrites)
    .reduce<(typeof replicas)[number]['lease']['acceptedWrites'][number] | undefined>(
      (a, w) => (!a || w.acceptedAt > a.acceptedAt ? w : a),
      undefined,
    );
  if (!latest?.holderIdentity || latest.renewedAt + latest.leaseDurationMs < Date.now()) return undefined;
  return replicas.find((r) => r.current && latest.holderIdentity.startsWith(`${r.current.podName}_`));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs `count` disruptions, a seeded pause apart, each once a leader is known; the first two (in seeded
 * order) hang the leader past its lease and kill it, so leadership moves at least twice. Resolves with
 * what struck; after `signal` aborts it starts nothing more, and ends any hang it began.
 */
export async function disruptLeadership(options: {
  replicas: readonly OperatorReplica[];
  random: SeededRandom;
  count: number;
  timings: LeaseTimings;
  pauseMs: [number, number];
  downMs: [number, number];
  signal: AbortSignal;
}): Promise<DisruptionRecord[]> {
  const { random, signal, timings } = options;
  const all = Object.values(Disruption);
  const kinds = [
    ...random.shuffle([Disruption.HangLeader, Disruption.KillLeader]),
    ...Array.from({ length: Math.max(0, options.count - 2) }, () => random.pick(all)),
  ];
  const records: DisruptionRecord[] = [];
  for (const kind of kinds) {
    await sleep(Math.round(random.between(...options.pauseMs)), signal);
    if (signal.aborted) break;
    const leader = await waitFor(() => currentLeader(options.replicas), {
      timeoutMs: timings.leaseDurationMs * 10,
      intervalMs: 100,
      message: 'a replica to lead',
      signal,
    }).catch(() => undefined);
    if (!leader || signal.aborted) break;
    const standby = options.replicas.find((r) => r !== leader);
    const target = kind === Disruption.KillStandby ? standby : leader;
    if (!target) continue;
    const lengthMs = Math.round(
      kind === Disruption.HangLeader
        ? random.between(timings.leaseDurationMs + 1000, 2.5 * timings.leaseDurationMs)
        : kind === Disruption.SlowLeaseAnswers
          ? random.between(0.2, 0.6) * timings.renewDeadlineMs
          : random.between(...options.downMs),
    );
    const at = Date.now();
    records.push({
      kind,
      replica: target.name,
      at,
      aliveMs: at - (target.current?.startedAt ?? at),
      lengthMs,
    });
    if (kind === Disruption.HangLeader || kind === Disruption.SlowLeaseAnswers) {
      target.lease.isHanging = true;
      await sleep(lengthMs, signal);
      target.lease.release();
    } else {
      await target.kill();
      await sleep(lengthMs, signal);
      await target.start();
    }
  }
  return records;
}
