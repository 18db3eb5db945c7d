// One replica of an operator Deployment with leader election on, as child processes: its own proxy to the
// management API server (whose Lease requests a test can make hang while its caches stay fresh), and for
// each incarnation its own recording proxy to Azure, so every Azure call is known by the incarnation that
// made it. An incarnation that exits on its own (it lost the lease) is started again, as kubelet would.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { TlsMaterial } from '../../sim/index.js';
import { ArmRecordingProxy } from './arm-recording-proxy.js';
import { OperatorProcess } from './chaos-operator.js';
import { HangingLeaseProxy } from './hanging-lease-proxy.js';

/** Real milliseconds before an incarnation that exited is started again (kubelet's first back-off is 10 s). */
const RESTART_DELAY_MS = 500;
/** The line an operator logs when it stopped acting for want of a lease (src/runtime/leader-election.ts). */
const LEADERSHIP_LOST = 'leadership lost';
/** The line its manager logs once stopped, with the reason (src/runtime/manager.ts). */
const MANAGER_STOPPED = '"msg":"manager stopped"';

export interface Incarnation {
  /** POD_NAME of the incarnation: `<replica>-<n>`; its holder identity is `<podName>_<suffix>`. */
  podName: string;
  arm: ArmRecordingProxy;
  process: OperatorProcess;
  /** Epoch ms at which it had started (its controllers, or its standby, ran). */
  startedAt?: number;
  /** How it ended: killed by the test, or exited on its own. */
  ending?: 'killed' | 'exited';
  /** Epoch ms at which an incarnation that exited on its own was seen gone. */
  exitedAt?: number;
}

export interface OperatorReplicaOptions {
  name: string;
  /** The management cluster, as the test reaches it. */
  kc: KubeConfig;
  mainPath: string;
  simulatorEndpoint: string;
  /** The TLS material the simulator serves with (the Azure proxies serve the same). */
  tls: TlsMaterial;
  caFile: string;
  namespaces: string[];
  workDir: string;
  pollIntervalSeconds: number;
  /** Environment of every incarnation (leader election settings, log level, identities). */
  env: Record<string, string>;
}

export class OperatorReplica {
  readonly incarnations: Incarnation[] = [];
  private last: Promise<unknown> = Promise.resolve();
  private isClosed = false;

  private constructor(
    private readonly o: OperatorReplicaOptions,
    readonly lease: HangingLeaseProxy,
    private readonly kubeconfigPath: string,
  ) {}

  static async create(o: OperatorReplicaOptions): Promise<OperatorReplica> {
    const lease = await HangingLeaseProxy.start(o.kc);
    const kubeconfigPath = join(o.workDir, `${o.name}.kubeconfig`);
    writeFileSync(kubeconfigPath, lease.kubeConfig().exportConfig());
    return new OperatorReplica(o, lease, kubeconfigPath);
  }

  get name(): string {
    return this.o.name;
  }

  get current(): Incarnation | undefined {
    const inc = this.incarnations.at(-1);
    return inc && !inc.ending ? inc : undefined;
  }

  get isRunning(): boolean {
    return this.current !== undefined;
  }

  /** Starts a new incarnation (one at a time, after any kill or restart in progress). */
  start(): Promise<void> {
    return this.serially(() => this.spawn());
  }

  /** SIGKILL of the running incarnation; nothing restarts it until `start`. */
  kill(): Promise<void> {
    return this.serially(async () => {
      const inc = this.current;
      if (!inc) return;
      inc.ending = 'killed';
      await inc.process.kill();
    });
  }

  /** Incarnations that exited on their own without logging a lost lease: crashes. */
  crashes(): string[] {
    return this.incarnations
      .filter(
        (i) => i.ending === 'exited' && !readFileSync(i.process.logPath(), 'utf8').includes(LEADERSHIP_LOST),
      )
      .map((i) => `${i.podName}: see ${i.process.logPath()}`);
  }

  /** Why each incarnation that exited on its own stopped acting, as it logged it (a lost lease). */
  leadershipLosses(): string[] {
    return this.incarnations.flatMap((i) => {
      if (i.ending !== 'exited') return [];
      const line = readFileSync(i.process.logPath(), 'utf8')
        .split('\n')
        .find((l) => l.includes(LEADERSHIP_LOST));
      return line ? [(JSON.parse(line) as { msg?: string }).msg ?? LEADERSHIP_LOST] : [];
    });
  }

  /** Per incarnation that lost its lease: real ms from its manager's stop (as logged) until the process was gone. */
  exitDelaysMs(): number[] {
    return this.incarnations.flatMap((i) => {
      const line = readFileSync(i.process.logPath(), 'utf8')
        .split('\n')
        .find((l) => l.includes(MANAGER_STOPPED) && l.includes('leadershipLost'));
      const stoppedAt = line ? (JSON.parse(line) as { time?: number }).time : undefined;
      return stoppedAt !== undefined && i.exitedAt !== undefined ? [i.exitedAt - stoppedAt] : [];
    });
  }

  async close(): Promise<void> {
    this.isClosed = true;
    await this.last.catch(() => undefined);
    for (const inc of this.incarnations) {
      await inc.process.close();
      await inc.arm.close();
    }
    await this.lease.close();
  }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.last.then(fn, fn);
    this.last = run.catch(() => undefined);
    return run;
  }

  private async spawn(): Promise<void> {
    if (this.isClosed || this.current) return;
    const podName = `${this.o.name}-${this.incarnations.length + 1}`;
    const arm = await ArmRecordingProxy.start({
      simulatorEndpoint: this.o.simulatorEndpoint,
      tls: this.o.tls,
    });
    const process = new OperatorProcess({
      mainPath: this.o.mainPath,
      kubeconfigPath: this.kubeconfigPath,
      azureEndpoint: arm.endpoint,
      azureCaFile: this.o.caFile,
      namespaces: this.o.namespaces,
      logDir: join(this.o.workDir, podName),
      pollIntervalSeconds: this.o.pollIntervalSeconds,
      extraEnv: { ...this.o.env, POD_NAME: podName },
    });
    const inc: Incarnation = { podName, arm, process };
    this.incarnations.push(inc);
    try {
      await process.start();
      inc.startedAt = Date.now();
    } catch (err: unknown) {
      inc.ending = 'exited';
      throw err;
    }
    void process.whenExited().then(() => this.onExit(inc));
  }

  /** An incarnation the test did not kill ended: start the next one after a pause, as kubelet would. */
  private onExit(inc: Incarnation): void {
    if (inc.ending) return;
    inc.ending = 'exited';
    inc.exitedAt = Date.now();
    if (this.isClosed) return;
    // A restart that fails leaves an incarnation that exited without a lost lease: crashes() reports it.
    setTimeout(() => void this.start().catch(() => undefined), RESTART_DELAY_MS);
  }
}
