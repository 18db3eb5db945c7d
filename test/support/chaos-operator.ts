// The operator as a child process (src/main.ts compiled to JavaScript, as it ships), so a chaos run can
// kill it with SIGKILL like a crashed pod. Each incarnation logs to its own file; none outlives the test.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../controlplane/index.js';

const COMPILE_TIMEOUT_MS = 180_000;

/**
 * Emits src/main.ts and everything it imports as JavaScript under `outDir` (inside the repository, so
 * node_modules resolve) and returns the entry's path. Plain node starts the operator two to three times
 * faster than node with the tsx loader, which matters when it starts ten times. Type-checking is the
 * type-check command's job; emitting alone keeps this quick.
 */
export async function compileOperator(outDir: string): Promise<string> {
  const root = repoRoot();
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const options = [
    ...['--outDir', outDir, '--rootDir', '.', '--module', 'nodenext', '--moduleResolution', 'nodenext'],
    ...['--target', 'es2022', '--types', 'node', '--skipLibCheck', '--noCheck', '--verbatimModuleSyntax'],
  ];
  await promisify(execFile)(process.execPath, [tsc, 'src/main.ts', ...options], {
    cwd: root,
    timeout: COMPILE_TIMEOUT_MS,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  // Data files the operator reads next to its modules (as npm run build copies them).
  cpSync(join(root, 'src', 'preflight', 'data'), join(outDir, 'src', 'preflight', 'data'), {
    recursive: true,
  });
  return join(outDir, 'src', 'main.js');
}

export interface OperatorProcessOptions {
  /** The compiled entry (compileOperator). */
  mainPath: string;
  kubeconfigPath: string;
  azureEndpoint: string;
  azureCaFile: string;
  namespaces: string[];
  /** Directory for operator-<n>.log, one per start. */
  logDir: string;
  pollIntervalSeconds?: number;
  extraEnv?: Record<string, string>;
}

/** A line the operator logs once its controllers run (src/operator.ts). */
const STARTED_MESSAGE = '"msg":"operator started"';
const START_TIMEOUT_MS = 60_000;

const live = new Set<ChildProcess>();
let isExitHookInstalled = false;

function installExitHook(): void {
  if (isExitHookInstalled) return;
  isExitHookInstalled = true;
  // A test process that ends without its cleanup must not leave an operator reconciling.
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

export class OperatorProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private starts = 0;
  private isClosed = false;
  private readonly startupMs: number[] = [];
  private readonly crashes: string[] = [];

  constructor(private readonly options: OperatorProcessOptions) {}

  get startCount(): number {
    return this.starts;
  }

  /** Real milliseconds from spawn to "operator started", per start. */
  get startupTimesMs(): readonly number[] {
    return this.startupMs;
  }

  /** Incarnations that ended without being killed (exit code or signal, and their log). */
  get unexpectedExits(): readonly string[] {
    return this.crashes;
  }

  get isRunning(): boolean {
    return this.child !== undefined;
  }

  logPath(n: number = this.starts): string {
    return join(this.options.logDir, `operator-${n}.log`);
  }

  /** Spawns a new incarnation and resolves once its controllers run; throws if it dies first. */
  async start(): Promise<void> {
    if (this.isClosed) throw new Error('the operator process was closed');
    if (this.child) throw new Error('the operator process is already running');
    installExitHook();
    mkdirSync(this.options.logDir, { recursive: true });
    this.starts += 1;
    const began = Date.now();
    const log = createWriteStream(this.logPath());
    const child = spawn(process.execPath, [this.options.mainPath], {
      cwd: repoRoot(),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: this.env(),
    });
    this.child = child;
    live.add(child);
    const logPath = this.logPath();
    // 'close' comes after 'exit' once stdout and stderr are drained: the log may end only then.
    this.exited = new Promise((resolve) => {
      child.once('close', (code, signal) => {
        live.delete(child);
        // kill() forgets the child before signalling it: a child still current here ended on its own.
        if (this.child === child) this.crashes.push(`exit ${code ?? signal ?? '?'}, see ${logPath}`);
        log.end();
        resolve();
      });
    });
    child.stderr?.pipe(log, { end: false });
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(
        () =>
          reject(new Error(`operator did not start within ${START_TIMEOUT_MS} ms; see ${this.logPath()}`)),
        START_TIMEOUT_MS,
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        log.write(chunk);
        if (seen === 'done') return;
        seen = (seen + chunk.toString('utf8')).slice(-4096);
        if (seen.includes(STARTED_MESSAGE)) {
          seen = 'done';
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(
          new Error(`operator exited (${code ?? signal ?? '?'}) before starting; see ${this.logPath()}`),
        );
      });
    }).catch(async (err: unknown) => {
      await this.kill();
      throw err;
    });
    this.startupMs.push(Date.now() - began);
  }

  /** Resolves when the running incarnation has ended (at once when none runs), on its own or killed. */
  async whenExited(): Promise<void> {
    await this.exited;
  }

  /** SIGKILL, as a node or container crash would: nothing gets to finish. Resolves once it is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await this.exited;
  }

  /** Kills the running incarnation and refuses later starts, so a late restart cannot outlive the test. */
  async close(): Promise<void> {
    this.isClosed = true;
    await this.kill();
  }

  private env(): NodeJS.ProcessEnv {
    const o = this.options;
    return {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      // The test runner's NODE_OPTIONS (vm modules) is no business of the operator's.
      NODE_OPTIONS: '',
      KUBECONFIG: o.kubeconfigPath,
      AZURE_ENDPOINT: o.azureEndpoint,
      AZURE_CA_FILE: o.azureCaFile,
      WATCH_NAMESPACES: o.namespaces.join(','),
      LEADER_ELECT: 'false',
      METRICS_PORT: '-1',
      POLL_INTERVAL_SECONDS: String(o.pollIntervalSeconds ?? 0.2),
      LOG_LEVEL: 'info',
      ...o.extraEnv,
    };
  }
}
