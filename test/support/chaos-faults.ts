// Azure misbehaving during a chaos run: a background rate of 429 (Retry-After) and 5xx answers, plus
// seeded windows of one of: a throttling burst, a 5xx burst, slow operations, lost VM capacity,
// another client starting an operation on a pool (so the operator's writes meet 409 OperationNotAllowed),
// or a ReadOnly resource lock on a resource group (every write there answered 409 ScopeLocked); and the
// locks a batch step puts on one resource for a while, kept beside the windows'.
import type * as Arm from '@azure/arm-containerservice';
import { resourceLock, type RequestError, type Simulator } from '../../sim/index.js';
import type { AzureAudit } from './chaos-audit.js';
import type { SeededRandom } from './chaos-random.js';

export const FaultWindow = {
  ThrottleBurst: 'throttleBurst',
  ServerErrorBurst: 'serverErrorBurst',
  SlowOperations: 'slowOperations',
  CapacityLoss: 'capacityLoss',
  ForeignOperation: 'foreignOperation',
  ResourceLock: 'resourceLock',
} as const;
export type FaultWindow = (typeof FaultWindow)[keyof typeof FaultWindow];

export interface FaultScheduleOptions {
  sim: Simulator;
  random: SeededRandom;
  /** Fractions of all requests answered 429 / 5xx outside the bursts. */
  background: { throttleRate: number; serverErrorRate: number };
  /** The VM size whose capacity comes and goes. */
  capacityVmSize: string;
  /** Operations started in a slow window take this many times longer. */
  slowFactor: number;
  /** Another Azure client, for foreign operations; its requests are recorded in the audit. */
  foreign: {
    client: Arm.ContainerServiceClient;
    resourceGroup: string;
    pools: () => { cluster: string; pool: string }[];
  };
  audit: AzureAudit;
  /** The scope (an ARM ID: resource group or resource) that a lock window locks. */
  lockScope: string;
}

type Durations = Simulator['context']['durations'];

/** A foreign pool update lasts this many times a normal one (about 5 s at the test's time scale). */
const FOREIGN_OPERATION_SLOWDOWN = 25;

export class FaultSchedule {
  private readonly stopping = new AbortController();
  private loop?: Promise<void>;
  private readonly originalDurations: Durations;
  readonly windows: Record<FaultWindow, number> = {
    throttleBurst: 0,
    serverErrorBurst: 0,
    slowOperations: 0,
    capacityLoss: 0,
    foreignOperation: 0,
    resourceLock: 0,
  };
  /** Foreign operations Azure accepted (each holds its cluster for a while). */
  foreignOperationsStarted = 0;
  /** The lock of the current ResourceLock window, if one holds. */
  private windowLock?: RequestError;
  /** Locks a batch step asked for, each lifted at its own untilMs. */
  private readonly stepLocks: RequestError[] = [];

  constructor(private readonly o: FaultScheduleOptions) {
    this.originalDurations = { ...o.sim.context.durations };
  }

  start(): void {
    this.o.sim.faults.configure(this.o.background);
    this.loop = this.run();
  }

  /** Ends the current window and clears every fault; Azure behaves from then on. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    this.clear();
  }

  /**
   * A ReadOnly lock on `scope` (an ARM ID) as a user's lock during a change: lifted once it refused
   * `answers` writes, or after `maxMs` whatever happened.
   */
  lock(scope: string, options: { answers: number; maxMs: number }): void {
    this.stepLocks.push({
      ...resourceLock(scope),
      times: options.answers,
      untilMs: Date.now() + options.maxMs,
    });
    this.applyLocks();
  }

  /** Configures the locks in force (the simulator counts down their answers in place). */
  private applyLocks(): void {
    const now = Date.now();
    const live = this.stepLocks.filter((l) => (l.untilMs ?? Infinity) > now && (l.times ?? 1) > 0);
    this.o.sim.setFaults({ requestErrors: this.windowLock ? [this.windowLock, ...live] : live });
  }

  private clear(): void {
    delete this.windowLock;
    this.stepLocks.length = 0;
    this.o.sim.setFaults({ throttleRate: 0, serverErrorRate: 0, capacityLoss: [], requestErrors: [] });
    Object.assign(this.o.sim.context.durations, this.originalDurations);
  }

  private async run(): Promise<void> {
    const r = this.o.random;
    // Every kind once per round, in a seeded order, so each run meets them all.
    let round: FaultWindow[] = [];
    while (!this.stopping.signal.aborted) {
      await this.pause(r.between(500, 2500));
      if (this.stopping.signal.aborted) return;
      if (round.length === 0) round = r.shuffle(Object.values(FaultWindow));
      const kind = round.pop() ?? FaultWindow.ThrottleBurst;
      this.windows[kind] += 1;
      await this.window(kind, r.between(1500, 4000));
    }
  }

  private async window(kind: FaultWindow, lengthMs: number): Promise<void> {
    const { sim, background } = this.o;
    switch (kind) {
      case FaultWindow.ThrottleBurst:
        sim.faults.configure({ throttleRate: 0.6 });
        break;
      case FaultWindow.ServerErrorBurst:
        sim.faults.configure({ serverErrorRate: 0.5 });
        break;
      case FaultWindow.SlowOperations:
        for (const [k, v] of Object.entries(this.originalDurations))
          sim.context.durations[k as keyof Durations] = v * this.o.slowFactor;
        break;
      case FaultWindow.CapacityLoss:
        sim.setFaults({ capacityLoss: [{ vmSize: this.o.capacityVmSize }] });
        break;
      case FaultWindow.ForeignOperation:
        await this.foreignOperation();
        break;
      case FaultWindow.ResourceLock:
        this.windowLock = resourceLock(this.o.lockScope);
        this.applyLocks();
        break;
    }
    await this.pause(lengthMs);
    sim.faults.configure(background);
    delete this.windowLock;
    this.applyLocks();
    sim.setFaults({ capacityLoss: [] });
    Object.assign(sim.context.durations, this.originalDurations);
  }

  /**
   * Another client re-applies a pool exactly as Azure has it (If-Match: no lost update, never a create):
   * AKS runs an update operation, and any write the operator sends meanwhile is refused with 409.
   */
  private async foreignOperation(): Promise<void> {
    const { client, resourceGroup: rg, pools } = this.o.foreign;
    for (const { cluster, pool } of this.o.random.shuffle(pools())) {
      try {
        const current = await client.agentPools.get(rg, cluster, pool);
        if (current.provisioningState !== 'Succeeded' || current.powerState?.code !== 'Running') continue;
        // Long enough for the operator to run into it; AKS fixes an operation's duration when it starts.
        const durations = this.o.sim.context.durations;
        durations.poolUpdate = this.originalDurations.poolUpdate * FOREIGN_OPERATION_SLOWDOWN;
        // The initial request only: nobody waits for this operation to end.
        await client.agentPools
          .beginCreateOrUpdate(rg, cluster, pool, current, { ifMatch: current.eTag })
          .finally(() => (durations.poolUpdate = this.originalDurations.poolUpdate));
        this.foreignOperationsStarted += 1;
        return;
      } catch {
        // Refused (busy, throttled, precondition failed, gone): another client's bad luck; try the next pool.
      }
    }
  }

  /** Waits, or returns early when the schedule stops. */
  private pause(ms: number): Promise<void> {
    const signal = this.stopping.signal;
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

/** Records every request `client` sends (after its retries) in the audit as foreign. */
export function recordForeignRequests(client: Arm.ContainerServiceClient, audit: AzureAudit): void {
  client.pipeline.addPolicy(
    {
      name: 'chaosForeignRequests',
      sendRequest: (request, next) => {
        audit.recordForeign(request.method, new URL(request.url).pathname);
        return next(request);
      },
    },
    { afterPhase: 'Retry' },
  );
}
