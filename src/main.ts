// Entry point: reads flags and environment, builds the operator's configuration and starts it.
// Flags win over environment variables; `--help` lists both.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { ARM_LIMITS, type ArmBucketLimits, type ArmEndpointConfig } from './azure/index.js';
import {
  startOperator,
  type OperatorLeaderElection,
  type OperatorOptions,
  type RunningOperator,
} from './operator.js';
import {
  createLogger,
  DEFAULT_LEASE_DURATION_MS,
  DEFAULT_RENEW_DEADLINE_MS,
  DEFAULT_RETRY_PERIOD_MS,
  DEFAULT_SHARDS,
  LEASE_RETRY_JITTER_FACTOR,
} from './runtime/index.js';

const HELP = `aks-lifecycle-operator: manages AKS clusters and node pools declared as Kubernetes objects.

Flags (environment variable in brackets):
  --kubeconfig PATH              kubeconfig of the management cluster [KUBECONFIG]; in-cluster config when unset
  --azure-endpoint URL           ARM endpoint, e.g. the local simulator https://127.0.0.1:8443 [AZURE_ENDPOINT]
  --azure-ca-file PATH           CA that signed the endpoint's certificate: simulator mode [AZURE_CA_FILE]
  --azure-authority-host URL     Entra authority for sovereign clouds [AZURE_AUTHORITY_HOST]
  --default-subscription-id ID   subscription when objects and credentials name none [AZURE_SUBSCRIPTION_ID]
  --namespace-credential-secret NAME  Secret that, present in a namespace, is its default credential [NAMESPACE_CREDENTIAL_SECRET]
  --identity-service-account NAME     ServiceAccount whose token, in an object's namespace, a workload
                                 identity exchanges (default aks-lifecycle-identity) [IDENTITY_SERVICE_ACCOUNT]
  --operator-identity-namespaces A,B  namespaces whose objects without a credential act as the operator's
                                 own identity; * for every one; none when empty [OPERATOR_IDENTITY_NAMESPACES]
  --watch-namespaces A,B         namespaces to watch; all when empty [WATCH_NAMESPACES]
  --leader-elect true|false      use a Lease so one replica reconciles (default true) [LEADER_ELECT]
  --leader-election-namespace NS namespace of the Lease [POD_NAMESPACE]
  --leader-election-id NAME      name of the Lease (default aks-lifecycle-operator) [LEADER_ELECTION_ID]
  --leader-elect-lease-duration-seconds N  how long a standby waits, after the last renewal it saw, before
                                 taking the Lease (default 15) [LEADER_ELECT_LEASE_DURATION_SECONDS]
  --leader-elect-renew-deadline-seconds N  how long the leader keeps acting without a successful renewal;
                                 less than the lease duration (default 10) [LEADER_ELECT_RENEW_DEADLINE_SECONDS]
  --leader-elect-retry-period-seconds N    wait between renewals and acquisition attempts; less than the
                                 renew deadline / 1.2 (default 2) [LEADER_ELECT_RETRY_PERIOD_SECONDS]
  --sharding true|false          replicas split the fleet by ManagedCluster over shard Leases, the leader
                                 keeps UpgradePlans; needs leader election (default false) [SHARDING]
  --shards N                     number of shard Leases, the same on every replica (default 16) [SHARDS]
  --metrics-port PORT            /metrics, /healthz and /readyz (default 8080; --metrics-port=-1 disables) [METRICS_PORT]
  --metrics-bind-address HOST    address to bind (default 0.0.0.0 in a pod, else 127.0.0.1) [METRICS_BIND_ADDRESS]
  --metrics-secure true|false    HTTPS, and /metrics only for tokens allowed to get it (TokenReview and
                                 SubjectAccessReview); default true unless bound to a loopback address [METRICS_SECURE]
  --poll-interval-seconds N      wait between polls of an Azure operation (default 10) [POLL_INTERVAL_SECONDS]
  --resync-period-seconds N      reconcile every object again this often (default 600) [RESYNC_PERIOD_SECONDS]
  --workers N                    workers per controller (default 2) [WORKERS]
  --arm-budget-share F           the share of ARM's request limits per subscription and identity (reads 250
                                 burst, 25/s; writes 200, 10/s) the operator spends, 0 < F <= 1, when other
                                 tools use the same subscription (default 1; 0 sends without waiting) [ARM_BUDGET_SHARE]
  --prices-url URL|none          Azure Retail Prices API for status.cost (default prices.azure.com, the
                                 simulator's in simulator mode; none: the price table alone) [PRICES_URL]
  --price-table PATH             a saved answer of that API ({"Items": [...]}, e.g. a mounted ConfigMap),
                                 used for what the API cannot answer [PRICE_TABLE]
  --log-level LEVEL              pino level (default info) [LOG_LEVEL]
`;

const FLAGS = {
  kubeconfig: { type: 'string', env: 'KUBECONFIG' },
  'azure-endpoint': { type: 'string', env: 'AZURE_ENDPOINT' },
  'azure-ca-file': { type: 'string', env: 'AZURE_CA_FILE' },
  'azure-authority-host': { type: 'string', env: 'AZURE_AUTHORITY_HOST' },
  'default-subscription-id': { type: 'string', env: 'AZURE_SUBSCRIPTION_ID' },
  'namespace-credential-secret': { type: 'string', env: 'NAMESPACE_CREDENTIAL_SECRET' },
  'identity-service-account': { type: 'string', env: 'IDENTITY_SERVICE_ACCOUNT' },
  'operator-identity-namespaces': { type: 'string', env: 'OPERATOR_IDENTITY_NAMESPACES' },
  'watch-namespaces': { type: 'string', env: 'WATCH_NAMESPACES' },
  'leader-elect': { type: 'string', env: 'LEADER_ELECT' },
  'leader-election-namespace': { type: 'string', env: 'POD_NAMESPACE' },
  'leader-election-id': { type: 'string', env: 'LEADER_ELECTION_ID' },
  'leader-elect-lease-duration-seconds': { type: 'string', env: 'LEADER_ELECT_LEASE_DURATION_SECONDS' },
  'leader-elect-renew-deadline-seconds': { type: 'string', env: 'LEADER_ELECT_RENEW_DEADLINE_SECONDS' },
  'leader-elect-retry-period-seconds': { type: 'string', env: 'LEADER_ELECT_RETRY_PERIOD_SECONDS' },
  sharding: { type: 'string', env: 'SHARDING' },
  shards: { type: 'string', env: 'SHARDS' },
  'metrics-port': { type: 'string', env: 'METRICS_PORT' },
  'metrics-bind-address': { type: 'string', env: 'METRICS_BIND_ADDRESS' },
  'metrics-secure': { type: 'string', env: 'METRICS_SECURE' },
  'poll-interval-seconds': { type: 'string', env: 'POLL_INTERVAL_SECONDS' },
  'resync-period-seconds': { type: 'string', env: 'RESYNC_PERIOD_SECONDS' },
  workers: { type: 'string', env: 'WORKERS' },
  'arm-budget-share': { type: 'string', env: 'ARM_BUDGET_SHARE' },
  'prices-url': { type: 'string', env: 'PRICES_URL' },
  'price-table': { type: 'string', env: 'PRICE_TABLE' },
  'log-level': { type: 'string', env: 'LOG_LEVEL' },
} as const;

type FlagName = keyof typeof FLAGS;
type Settings = Partial<Record<FlagName, string>>;

/** Flags, then environment variables. */
export function readSettings(argv: string[], env: NodeJS.ProcessEnv): Settings | 'help' {
  const options = Object.fromEntries(Object.keys(FLAGS).map((k) => [k, { type: 'string' as const }]));
  const { values } = parseArgs({
    args: argv,
    options: { ...options, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help === true) return 'help';
  const given = values as Record<string, string | boolean | undefined>;
  const settings: Settings = {};
  for (const [name, flag] of Object.entries(FLAGS) as [FlagName, (typeof FLAGS)[FlagName]][]) {
    const flagValue = given[name];
    const value = typeof flagValue === 'string' ? flagValue : env[flag.env];
    if (value !== undefined && value !== '') settings[name] = value;
  }
  return settings;
}

function number(settings: Settings, name: FlagName, fallback: number): number {
  const raw = settings[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${raw}`);
  return n;
}

function bool(settings: Settings, name: FlagName, fallback: boolean): boolean {
  const raw = settings[name]?.toLowerCase();
  if (raw === undefined) return fallback;
  if (raw !== 'true' && raw !== 'false') throw new Error(`--${name} must be true or false, got ${raw}`);
  return raw === 'true';
}

/** A comma-separated list, without blanks. */
function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
}

// Only this machine can reach a loopback address: local mode needs no token to read its own metrics.
const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '::1' || host.startsWith('127.');

function azureEndpoint(s: Settings): ArmEndpointConfig {
  const endpoint = s['azure-endpoint'];
  const caFile = s['azure-ca-file'];
  if (caFile) {
    if (!endpoint) throw new Error('--azure-ca-file needs --azure-endpoint (the simulator address)');
    return {
      mode: 'simulator',
      endpoint,
      caPem: readFileSync(caFile, 'utf8'),
      // The simulator is its own Entra ID authority when one is named.
      ...(s['azure-authority-host'] ? { authorityHost: s['azure-authority-host'] } : {}),
    };
  }
  return {
    mode: 'azure',
    ...(endpoint ? { endpoint } : {}),
    ...(s['azure-authority-host'] ? { authorityHost: s['azure-authority-host'] } : {}),
  };
}

/**
 * The Lease timings, in milliseconds, when any is set; the elector's defaults fill the rest. Checked here
 * with the flags' names, so a bad combination fails at start, before any informer runs.
 */
function leaseTimings(
  s: Settings,
): Pick<OperatorLeaderElection, 'leaseDurationMs' | 'renewDeadlineMs' | 'retryPeriodMs'> {
  const ms = (name: FlagName, fallback: number): number => {
    const seconds = number(s, name, fallback / 1000);
    if (seconds <= 0) throw new Error(`--${name} must be greater than 0, got ${seconds}`);
    return Math.round(seconds * 1000);
  };
  const leaseDurationMs = ms('leader-elect-lease-duration-seconds', DEFAULT_LEASE_DURATION_MS);
  const renewDeadlineMs = ms('leader-elect-renew-deadline-seconds', DEFAULT_RENEW_DEADLINE_MS);
  const retryPeriodMs = ms('leader-elect-retry-period-seconds', DEFAULT_RETRY_PERIOD_MS);
  // A leader must stop acting before a standby may take the lease: renew deadline < lease duration.
  if (renewDeadlineMs >= leaseDurationMs)
    throw new Error(
      `--leader-elect-renew-deadline-seconds (${renewDeadlineMs / 1000}) must be less than --leader-elect-lease-duration-seconds (${leaseDurationMs / 1000})`,
    );
  // Leaves room for at least one jittered retry within the deadline (client-go's rule).
  if (renewDeadlineMs <= LEASE_RETRY_JITTER_FACTOR * retryPeriodMs)
    throw new Error(
      `--leader-elect-retry-period-seconds (${retryPeriodMs / 1000}) must be less than --leader-elect-renew-deadline-seconds (${renewDeadlineMs / 1000}) / ${LEASE_RETRY_JITTER_FACTOR}`,
    );
  const isSet = (name: FlagName): boolean => s[name] !== undefined;
  return {
    ...(isSet('leader-elect-lease-duration-seconds') ? { leaseDurationMs } : {}),
    ...(isSet('leader-elect-renew-deadline-seconds') ? { renewDeadlineMs } : {}),
    ...(isSet('leader-elect-retry-period-seconds') ? { retryPeriodMs } : {}),
  };
}

/** The shard count when sharding is on. */
function shards(s: Settings): Pick<OperatorLeaderElection, 'shards'> {
  if (!bool(s, 'sharding', false)) return {};
  const count = number(s, 'shards', DEFAULT_SHARDS);
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`--shards must be a positive integer, got ${count}`);
  return { shards: count };
}

/** ARM's limits scaled to the operator's share, or none; absent when the flag is not set (ARM's own). */
function armBudget(s: Settings): Pick<OperatorOptions, 'armBudget'> {
  if (s['arm-budget-share'] === undefined) return {};
  const share = number(s, 'arm-budget-share', 1);
  if (share < 0 || share > 1) throw new Error(`--arm-budget-share must be between 0 and 1, got ${share}`);
  if (share === 0) return { armBudget: false };
  const scaled = (b: ArmBucketLimits): ArmBucketLimits => ({
    capacity: Math.max(1, Math.floor(b.capacity * share)),
    refillPerSecond: b.refillPerSecond * share,
  });
  return { armBudget: { reads: scaled(ARM_LIMITS.reads), writes: scaled(ARM_LIMITS.writes) } };
}

function kubeConfig(s: Settings): KubeConfig {
  const kc = new KubeConfig();
  if (s.kubeconfig) kc.loadFromFile(s.kubeconfig);
  else kc.loadFromCluster();
  return kc;
}

/** Where status.cost's prices come from; absent flags keep the operator's defaults. */
function priceSettings(s: Settings): Pick<OperatorOptions, 'prices'> {
  const url = s['prices-url'];
  const table = s['price-table'];
  if (url === undefined && table === undefined) return {};
  return {
    prices: {
      ...(url === undefined ? {} : { url: url === 'none' ? false : url }),
      ...(table ? { tablePath: table } : {}),
    },
  };
}

/** The operator options the settings describe. */
export function operatorOptions(s: Settings, env: NodeJS.ProcessEnv): OperatorOptions {
  const inPod = Boolean(env.KUBERNETES_SERVICE_HOST);
  const leaderElect = (s['leader-elect'] ?? 'true').toLowerCase() !== 'false';
  const metricsPort = number(s, 'metrics-port', 8080);
  const metricsHost = s['metrics-bind-address'] ?? (inPod ? '0.0.0.0' : '127.0.0.1');
  const namespaces = list(s['watch-namespaces']);
  const operatorIdentityNamespaces = list(s['operator-identity-namespaces']);
  const leaseNamespace = s['leader-election-namespace'];
  if (leaderElect && !leaseNamespace)
    throw new Error('leader election needs --leader-election-namespace (or POD_NAMESPACE)');
  if (!leaderElect && bool(s, 'sharding', false))
    throw new Error('--sharding needs leader election (--leader-elect true): the leader runs UpgradePlans');
  return {
    kubeConfig: kubeConfig(s),
    azure: azureEndpoint(s),
    watchNamespaces: namespaces,
    access: {
      ...(s['default-subscription-id'] ? { defaultSubscriptionId: s['default-subscription-id'] } : {}),
      ...(s['namespace-credential-secret'] ? { namespaceSecretName: s['namespace-credential-secret'] } : {}),
      ...(operatorIdentityNamespaces.length ? { operatorIdentityNamespaces } : {}),
    },
    ...(s['identity-service-account'] ? { identityServiceAccount: s['identity-service-account'] } : {}),
    pollIntervalMs: number(s, 'poll-interval-seconds', 10) * 1000,
    resyncPeriodMs: number(s, 'resync-period-seconds', 600) * 1000,
    workers: number(s, 'workers', 2),
    ...armBudget(s),
    ...priceSettings(s),
    ...(metricsPort >= 0
      ? {
          healthPort: metricsPort,
          healthHost: metricsHost,
          secureMetrics: bool(s, 'metrics-secure', !isLoopback(metricsHost)),
        }
      : {}),
    ...(leaderElect && leaseNamespace
      ? {
          leaderElection: {
            namespace: leaseNamespace,
            name: s['leader-election-id'] ?? 'aks-lifecycle-operator',
            identity: env.POD_NAME ?? hostname(),
            ...leaseTimings(s),
            ...shards(s),
          },
        }
      : {}),
  };
}

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2), process.env);
  if (settings === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const logger = createLogger(settings['log-level'] ? { level: settings['log-level'] } : {});
  const operator = await startOperator({ ...operatorOptions(settings, process.env), logger });
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'shutting down');
    void operator.stop();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  await exitWhenStopped(operator, (code) => process.exit(code));
}

/**
 * Exits once the operator has stopped: 1 when it lost its lease, so the pod restarts as a standby, else 0.
 * At once, not when the event loop drains: connections to the API server still open (seen while its Lease
 * calls hung) kept a replica that had stopped acting from exiting, and so from coming back, for 10-17 s.
 */
export async function exitWhenStopped(
  operator: Pick<RunningOperator, 'stopped'>,
  exit: (code: number) => void,
): Promise<void> {
  const reason = await operator.stopped;
  exit(reason === 'leadershipLost' ? 1 : 0);
}

// Run only as the entry point, not when imported (tests read the settings functions).
if (import.meta.url === `file://${process.argv[1] ?? ''}` || process.argv[1]?.endsWith('/main.js')) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
