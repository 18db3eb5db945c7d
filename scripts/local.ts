// Local mode: a management cluster (real Kubernetes), the AKS simulator with kwok data planes, and the
// operator pointed at both, exactly as it would run against Azure but for the endpoint and credential.
// Prints the kubeconfig and what to try next; Ctrl-C stops everything it started.
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs, promisify } from 'node:util';
import { join } from 'node:path';
import { binDir, repoRoot, startCluster } from '../controlplane/index.js';
import type { KwokCluster } from '../controlplane/index.js';
import { KwokDataPlane } from '../sim/kwok-data-plane.js';
import { startSimulator } from '../sim/index.js';
import { createVNetFromFile } from '../sim/testing/networks.js';
import type { Simulator } from '../sim/index.js';

const { values } = parseArgs({
  options: {
    'time-scale': { type: 'string', default: '0.02' },
    'sim-port': { type: 'string', default: '8443' },
    'metrics-port': { type: 'string', default: '8081' },
  },
});

const started = Date.now();
const say = (message: string): void => {
  const s = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  console.log(`[local ${s}s] ${message}`);
};

const localDir = join(repoRoot(), '.local');
let cluster: KwokCluster | undefined;
let sim: Simulator | undefined;
let dataPlane: KwokDataPlane | undefined;
let operator: ChildProcess | undefined;

async function shutdown(code: number): Promise<never> {
  say('stopping');
  operator?.kill('SIGTERM');
  await sim?.close().catch(() => undefined);
  await dataPlane?.close().catch(() => undefined);
  await cluster?.stop().catch(() => undefined);
  say('stopped');
  process.exit(code);
}

function startOperator(kubeconfigPath: string, simulator: Simulator): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot(), 'src', 'main.ts')], {
    cwd: repoRoot(),
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      KUBECONFIG: kubeconfigPath,
      AZURE_ENDPOINT: simulator.endpoint,
      AZURE_CA_FILE: simulator.caPath ?? '',
      METRICS_PORT: values['metrics-port'],
      LEADER_ELECT: 'false',
      // Local mode has one tenant, the person at the keyboard: the examples name no credential.
      OPERATOR_IDENTITY_NAMESPACES: '*',
      POLL_INTERVAL_SECONDS: '2',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    },
  });
  // The operator logs JSON; a file keeps the terminal free for what to do next.
  child.stdout?.pipe(createWriteStream(join(localDir, 'operator.log'), { flags: 'a' }));
  child.on('exit', (code) => {
    if (code !== null && code !== 0) say(`operator exited with code ${code}; see .local/operator.log`);
  });
  return child;
}

async function main(): Promise<void> {
  mkdirSync(localDir, { recursive: true });
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  say('starting the management cluster (etcd, kube-apiserver, controller-manager, scheduler, kwok)');
  cluster = await startCluster({ namePrefix: 'aks-lo-local', purpose: 'local mode', onProgress: say });
  say(`management cluster ${cluster.name} ready at ${cluster.server}`);

  const kubectl = join(binDir(), 'kubectl');
  say('installing the CRDs');
  const crds = join(repoRoot(), 'crds');
  await promisify(execFile)(kubectl, [
    '--kubeconfig',
    cluster.kubeconfigPath,
    'apply',
    '--server-side',
    '-f',
    crds,
  ]);
  await promisify(execFile)(kubectl, [
    '--kubeconfig',
    cluster.kubeconfigPath,
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    '-f',
    crds,
  ]);

  const timeScale = Number(values['time-scale']);
  say(
    `starting the AKS simulator (operations run at ${timeScale}x Azure's duration; data planes start on demand)`,
  );
  dataPlane = new KwokDataPlane({ timeScale, namePrefix: 'aks-lo-sim', onLog: (m) => say(`[sim] ${m}`) });
  sim = await startSimulator({
    port: Number(values['sim-port']),
    timeScale,
    dataPlane,
    caOutDir: localDir,
  });
  say(`simulator at ${sim.endpoint} (CA ${sim.caPath})`);
  // The Azure side examples/fleet expects to exist before it is applied: prod's pools join this VNet.
  await createVNetFromFile(sim, join(repoRoot(), 'examples', 'azure', 'prod-vnet.json'));
  say('created the example VNet vnet-fleet-prod (examples/azure/prod-vnet.json)');

  say('starting the operator (logs in .local/operator.log)');
  operator = startOperator(cluster.kubeconfigPath, sim);

  const envFile = join(localDir, 'env.sh');
  writeFileSync(envFile, `export KUBECONFIG=${cluster.kubeconfigPath}\nexport PATH=${binDir()}:$PATH\n`);
  console.log(`
Local mode is running (${((Date.now() - started) / 1000).toFixed(1)} s).
  kubeconfig: ${cluster.kubeconfigPath}
  kubectl:    ${kubectl} (same version as the API server)

Next, in another terminal:
  source ${envFile}
  kubectl apply -f examples/fleet/
  kubectl get aks -n fleet -w
  kubectl describe managedcluster dev -n fleet
  kubectl apply -f examples/upgrade-plan.yaml

Workload cluster credentials: kubectl get managedcluster dev -n fleet -o jsonpath='{.status.fqdn}'
Press Ctrl-C to stop everything.`);
}

main().catch(async (e: unknown) => {
  console.error(e);
  await shutdown(1);
});
