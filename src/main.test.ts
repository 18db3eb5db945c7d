import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitWhenStopped, operatorOptions, readSettings } from './main.js';

const dir = mkdtempSync(join(tmpdir(), 'aks-lo-main-'));
const kubeconfig = join(dir, 'kubeconfig');
writeFileSync(
  kubeconfig,
  [
    'apiVersion: v1',
    'kind: Config',
    'clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]',
    'users: [{name: u, user: {token: t}}]',
    'contexts: [{name: c, context: {cluster: c, user: u}}]',
    'current-context: c',
  ].join('\n'),
);
const ca = join(dir, 'ca.pem');
writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');

function options(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const settings = readSettings(argv, env);
  if (settings === 'help') throw new Error('help');
  return operatorOptions(settings, env);
}

describe('main settings', () => {
  it('points at the simulator when given an endpoint and its CA file, and watches the named namespaces', () => {
    const o = options([
      '--kubeconfig',
      kubeconfig,
      '--azure-endpoint',
      'https://127.0.0.1:8443',
      '--azure-ca-file',
      ca,
      '--leader-elect',
      'false',
      '--watch-namespaces',
      'a, b',
    ]);
    expect(o.azure).toEqual({
      mode: 'simulator',
      endpoint: 'https://127.0.0.1:8443',
      caPem: expect.stringContaining('BEGIN CERTIFICATE'),
    });
    expect(o.watchNamespaces).toEqual(['a', 'b']);
    expect(o.leaderElection).toBeUndefined();
    expect(o.kubeConfig.getCurrentCluster()?.server).toBe('https://127.0.0.1:6443');
  });

  it('uses Azure with leader election in the pod namespace by default, reading the environment', () => {
    const o = options([], {
      KUBECONFIG: kubeconfig,
      POD_NAMESPACE: 'ops',
      POD_NAME: 'op-1',
      AZURE_SUBSCRIPTION_ID: 'sub',
      METRICS_PORT: '9090',
    });
    expect(o.azure).toEqual({ mode: 'azure' });
    expect(o.leaderElection).toEqual({ namespace: 'ops', name: 'aks-lifecycle-operator', identity: 'op-1' });
    expect(o.access).toEqual({ defaultSubscriptionId: 'sub' });
    expect(o.healthPort).toBe(9090);
    expect(o.watchNamespaces).toEqual([]);
  });

  it('lets the operator identity serve only the listed namespaces, none unless listed', () => {
    const listed = options(
      ['--operator-identity-namespaces', 'platform, ops', '--identity-service-account', 'team-azure'],
      { KUBECONFIG: kubeconfig, POD_NAMESPACE: 'ops' },
    );
    expect(listed.access?.operatorIdentityNamespaces).toEqual(['platform', 'ops']);
    expect(listed.identityServiceAccount).toBe('team-azure');
    const unlisted = options([], { KUBECONFIG: kubeconfig, POD_NAMESPACE: 'ops' });
    expect(unlisted.access?.operatorIdentityNamespaces).toBeUndefined();
    expect(unlisted.identityServiceAccount).toBeUndefined();
  });

  it('lets flags win over the environment and turns the metrics server off with -1', () => {
    const o = options(['--poll-interval-seconds', '3', '--metrics-port=-1', '--leader-elect', 'false'], {
      KUBECONFIG: kubeconfig,
      POLL_INTERVAL_SECONDS: '30',
    });
    expect(o.pollIntervalMs).toBe(3000);
    expect(o.healthPort).toBeUndefined();
  });

  it.each([
    ['in a pod (bound to 0.0.0.0)', [], { KUBERNETES_SERVICE_HOST: '10.0.0.1' }, '0.0.0.0', true],
    ['outside a pod (bound to 127.0.0.1)', [], {}, '127.0.0.1', false],
    ['bound to every address outside a pod', ['--metrics-bind-address', '0.0.0.0'], {}, '0.0.0.0', true],
    [
      'in a pod when told not to',
      [],
      { KUBERNETES_SERVICE_HOST: 'h', METRICS_SECURE: 'false' },
      '0.0.0.0',
      false,
    ],
  ])('secures metrics %s', (_name, argv, env, host, secure) => {
    const o = options(['--leader-elect', 'false', ...argv], { KUBECONFIG: kubeconfig, ...env });
    expect([o.healthHost, o.secureMetrics]).toEqual([host, secure]);
  });

  it('refuses a --metrics-secure that is not true or false', () => {
    expect(() =>
      options(['--metrics-secure', 'yes', '--leader-elect', 'false'], { KUBECONFIG: kubeconfig }),
    ).toThrow(/metrics-secure/);
  });

  it('shards the fleet over 16 Leases with --sharding, or the count --shards or SHARDS gives', () => {
    const env = { KUBECONFIG: kubeconfig, POD_NAMESPACE: 'ops', POD_NAME: 'op-1' };
    expect(options([], env).leaderElection?.shards).toBeUndefined();
    expect(options(['--sharding', 'true'], env).leaderElection?.shards).toBe(16);
    expect(options([], { ...env, SHARDING: 'true', SHARDS: '8' }).leaderElection?.shards).toBe(8);
  });

  it('refuses sharding without leader election, and a shard count that is not a positive integer', () => {
    expect(() =>
      options(['--sharding', 'true', '--leader-elect', 'false'], { KUBECONFIG: kubeconfig }),
    ).toThrow(/--sharding needs leader election/);
    const env = { KUBECONFIG: kubeconfig, POD_NAMESPACE: 'ops' };
    expect(() => options(['--sharding', 'true', '--shards', '0'], env)).toThrow(
      /--shards must be a positive integer/,
    );
  });

  it('refuses leader election without a namespace for the Lease', () => {
    expect(() => options([], { KUBECONFIG: kubeconfig })).toThrow(/leader-election-namespace/);
  });

  it('passes the Lease timings given in seconds, flags over environment, leaving unset ones to the defaults', () => {
    const o = options(
      ['--leader-elect-lease-duration-seconds', '4', '--leader-elect-renew-deadline-seconds', '2.5'],
      {
        KUBECONFIG: kubeconfig,
        POD_NAMESPACE: 'ops',
        POD_NAME: 'op-1',
        LEADER_ELECT_LEASE_DURATION_SECONDS: '60',
        LEADER_ELECT_RETRY_PERIOD_SECONDS: '0.5',
      },
    );
    expect(o.leaderElection).toEqual({
      namespace: 'ops',
      name: 'aks-lifecycle-operator',
      identity: 'op-1',
      leaseDurationMs: 4000,
      renewDeadlineMs: 2500,
      retryPeriodMs: 500,
    });
  });

  it.each([
    [
      'a renew deadline not below the lease duration',
      ['--leader-elect-lease-duration-seconds', '10'],
      /renew-deadline-seconds \(10\) must be less than --leader-elect-lease-duration-seconds \(10\)/,
    ],
    [
      'a retry period leaving no jittered retry within the renew deadline',
      ['--leader-elect-retry-period-seconds', '9'],
      /retry-period-seconds \(9\) must be less than/,
    ],
    [
      'a lease duration of zero',
      ['--leader-elect-lease-duration-seconds', '0'],
      /lease-duration-seconds must be greater than 0/,
    ],
    [
      'a renew deadline that is not a number',
      ['--leader-elect-renew-deadline-seconds', '5s'],
      /renew-deadline-seconds must be a number/,
    ],
  ])('refuses %s', (_name, argv, message) => {
    expect(() => options(argv, { KUBECONFIG: kubeconfig, POD_NAMESPACE: 'ops' })).toThrow(message);
  });

  it.each([
    ["ARM's own limits when unset", [], undefined],
    [
      'a share of them when set',
      ['--arm-budget-share', '0.5'],
      { reads: { capacity: 125, refillPerSecond: 12.5 }, writes: { capacity: 100, refillPerSecond: 5 } },
    ],
    ['none at 0', ['--arm-budget-share', '0'], false],
  ])('budgets ARM calls with %s', (_name, argv, budget) => {
    const o = options(['--leader-elect', 'false', ...argv], { KUBECONFIG: kubeconfig });
    expect(o.armBudget).toEqual(budget);
  });

  it('refuses an ARM budget share above 1', () => {
    expect(() =>
      options(['--arm-budget-share', '2', '--leader-elect', 'false'], { KUBECONFIG: kubeconfig }),
    ).toThrow(/arm-budget-share must be between 0 and 1/);
  });

  it('refuses a CA file without an endpoint', () => {
    expect(() =>
      options(['--azure-ca-file', ca, '--leader-elect', 'false'], { KUBECONFIG: kubeconfig }),
    ).toThrow(/azure-endpoint/);
  });
});

describe('exit', () => {
  it.each([
    ['1 once the operator lost its lease, so the pod restarts as a standby', 'leadershipLost', 1],
    ['0 once the operator was stopped', 'stopped', 0],
  ] as const)('exits with %s', async (_name, reason, code) => {
    const codes: number[] = [];
    await exitWhenStopped({ stopped: Promise.resolve(reason) }, (c) => codes.push(c));
    expect(codes).toEqual([code]);
  });
});
