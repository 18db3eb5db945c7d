// Watches the fleet's ManagedClusters and NodePools from outside the operator: how many are Ready for the
// generation they carry, and every write to them (any new resourceVersion), with waits re-checked at
// every event.
import type { KubeConfig } from '@kubernetes/client-node';
import { GROUP, Plural, VERSION } from '../../src/api/index.js';
import { Informer, kubeListWatch } from '../../src/runtime/index.js';
import type { KubeObject } from '../../src/runtime/index.js';
import { EventWaiters } from '../event-waiters.js';

const SYNC_TIMEOUT_MS = 60_000;

interface FleetObject extends KubeObject {
  status?: {
    observedGeneration?: number;
    conditions?: { type?: string; status?: string; observedGeneration?: number }[];
  };
}

export function isReadyForGeneration(obj: FleetObject): boolean {
  const generation = obj.metadata?.generation;
  const ready = obj.status?.conditions?.find((c) => c.type === 'Ready');
  return ready?.status === 'True' && obj.status?.observedGeneration === generation;
}

export class FleetObserver {
  private readonly informers: Informer<FleetObject>[];
  private readonly waiters = new EventWaiters();
  /** Writes seen per kind (plural) since the last reset. */
  private writes = new Map<string, number>();
  lastEventAtMs = performance.now();

  constructor(kc: KubeConfig) {
    this.informers = [Plural.ManagedCluster, Plural.NodePool].map((plural) => {
      const informer = new Informer<FleetObject>({
        name: plural,
        source: kubeListWatch<FleetObject>(kc, { group: GROUP, version: VERSION, plural }),
        resyncPeriodMs: 0,
      });
      const seen = (): void => this.onEvent(plural, false);
      informer.addHandler({ onAdd: seen, onUpdate: () => this.onEvent(plural, true), onDelete: seen });
      return informer;
    });
  }

  async start(signal: AbortSignal): Promise<void> {
    for (const informer of this.informers) informer.start();
    const bound = AbortSignal.any([signal, AbortSignal.timeout(SYNC_TIMEOUT_MS)]);
    await Promise.all(this.informers.map((i) => i.waitForSync(bound)));
  }

  async stop(): Promise<void> {
    await Promise.all(this.informers.map((i) => i.stop()));
  }

  objects(): FleetObject[] {
    return this.informers.flatMap((i) => i.list());
  }

  readyCount(): number {
    return this.objects().filter(isReadyForGeneration).length;
  }

  /** Writes per kind since the last call, and resets the count. */
  takeWrites(): Map<string, number> {
    const writes = this.writes;
    this.writes = new Map();
    return writes;
  }

  waitUntil(check: () => boolean, what: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
    return this.waiters.waitUntil(check, what, timeoutMs, signal);
  }

  /** Waits until `total` objects are Ready for their generation, calling `progress` every `progressEveryMs`. */
  async waitAllReady(options: {
    total: number;
    timeoutMs: number;
    progressEveryMs: number;
    progress: () => void;
    signal: AbortSignal;
  }): Promise<void> {
    const ticker = setInterval(options.progress, options.progressEveryMs);
    try {
      await this.waitUntil(
        () => this.readyCount() === options.total,
        `${options.total} objects Ready`,
        options.timeoutMs,
        options.signal,
      );
    } finally {
      clearInterval(ticker);
    }
  }

  private onEvent(plural: string, isWrite: boolean): void {
    this.lastEventAtMs = performance.now();
    if (isWrite) this.writes.set(plural, (this.writes.get(plural) ?? 0) + 1);
    this.waiters.notify();
  }
}
