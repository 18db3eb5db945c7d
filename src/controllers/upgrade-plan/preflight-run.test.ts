import { KubeConfig } from '@kubernetes/client-node';
import { PreflightCheck, UpgradePlanReason, type ManagedCluster } from '../../api/index.js';
import type { Subnet } from '../../azure/index.js';
import { RemovedApiTableError } from '../../preflight/index.js';
import { WorkloadPreflight, type PreflightRequest } from './preflight-run.js';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: 'https://127.0.0.1:1' } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
`;

function kubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(KUBECONFIG);
  return kc;
}

const request: PreflightRequest = {
  cluster: { metadata: { name: 'dev', namespace: 'fleet' } } as ManagedCluster,
  step: { kind: 'ControlPlane', from: '1.34.2', to: '1.35.1' },
  // Only the removed-API checks run: the others would read the (absent) workload cluster.
  skip: Object.values(PreflightCheck).filter(
    (c) => c !== PreflightCheck.RemovedAPIsInManifests && c !== PreflightCheck.RemovedAPIsInUse,
  ),
  pools: [],
  drainTimeoutMinutes: 30,
  fleet: [],
};

/** Azure with no agent pools and no quota used, for the tests of the workload checks. */
const quietAzure = {
  agentPools: () => Promise.resolve([]),
  subnet: () => Promise.resolve(undefined),
  quotaUsages: () => Promise.resolve([]),
};

describe('WorkloadPreflight', () => {
  it('fails with the table error when the removed-API table cannot load, not WorkloadClusterUnreachable', async () => {
    const broken = new RemovedApiTableError(
      new URL('file:///app/dist/data/deprecated-apis.yaml'),
      new Error('ENOENT'),
    );
    const preflight = new WorkloadPreflight({
      ...quietAzure,
      workloadCluster: () => Promise.resolve({ kc: kubeConfig(), forgetIfRefused: () => false }),
      removedApis: () => Promise.reject(broken),
      timeoutMs: 1000,
    });
    const outcome = preflight.run(request, new AbortController().signal);
    await expect(outcome).rejects.toBeInstanceOf(RemovedApiTableError);
  });

  it('still reports a workload cluster it cannot read as WorkloadClusterUnreachable', async () => {
    const preflight = new WorkloadPreflight({
      ...quietAzure,
      workloadCluster: () => Promise.reject(new Error('connect ECONNREFUSED')),
      removedApis: () => Promise.resolve([]),
    });
    const { findings } = await preflight.run(request, new AbortController().signal);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((f) => f.reason)).toEqual(
      findings.map(() => UpgradePlanReason.WorkloadClusterUnreachable),
    );
  });

  it('names the private FQDN and what to check when a private API server cannot be reached', async () => {
    const fqdn = 'dev-1a2b.0f9e8d7c-0000-4000-8000-000000000000.privatelink.eastus.azmk8s.io';
    const preflight = new WorkloadPreflight({
      ...quietAzure,
      workloadCluster: () =>
        Promise.resolve({
          kc: kubeConfig(),
          forgetIfRefused: () => false,
          privateApiServer: { fqdn, privateDnsZone: 'system' },
        }),
      removedApis: () => Promise.resolve([]),
      timeoutMs: 2000,
    });
    const { findings } = await preflight.run(request, new AbortController().signal);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.reason).toBe(UpgradePlanReason.PrivateApiServerUnreachable);
      expect(f.message).toContain(fqdn);
      expect(f.message).toMatch(/VNet peering or a private endpoint/);
      expect(f.message).toMatch(/private DNS zone/);
    }
  });

  it('says a credential the connection calls refused was refused, having let it be forgotten', async () => {
    let forgotten = 0;
    const preflight = new WorkloadPreflight({
      ...quietAzure,
      workloadCluster: () =>
        Promise.resolve({ kc: kubeConfig(), forgetIfRefused: () => (forgotten++, true) }),
      removedApis: () => Promise.resolve([]),
      timeoutMs: 2000,
    });
    const { findings } = await preflight.run(request, new AbortController().signal);
    expect(forgotten).toBeGreaterThan(0);
    expect(findings.map((f) => f.reason)).toEqual(
      findings.map(() => UpgradePlanReason.WorkloadClusterUnreachable),
    );
    expect(findings[0]?.message).toMatch(/refused the operator's credential/);
  });

  describe('the checks of a step', () => {
    const all = Object.values(PreflightCheck);
    const only = (...checks: PreflightCheck[]) => all.filter((c) => !checks.includes(c));
    const cluster = {
      metadata: { name: 'dev', namespace: 'fleet' },
      spec: { location: 'westeurope' },
    } as ManagedCluster;
    const pool = { name: 'user1', vmSize: 'Standard_D4s_v3', count: 2, currentOrchestratorVersion: '1.29.9' };
    const unreachable = () => Promise.reject(new Error('connect ECONNREFUSED'));

    it('reports VersionSkew from the agent pools Azure lists before a control-plane step, and no drain check', async () => {
      const preflight = new WorkloadPreflight({
        ...quietAzure,
        agentPools: () => Promise.resolve([pool]),
        quotaUsages: () => Promise.resolve([]),
        workloadCluster: unreachable,
      });
      const { findings } = await preflight.run(
        {
          ...request,
          cluster,
          skip: only(PreflightCheck.VersionSkew, PreflightCheck.QuotaHeadroom, PreflightCheck.UnmanagedPods),
        },
        new AbortController().signal,
      );
      expect(findings).toEqual([
        expect.objectContaining({
          check: PreflightCheck.VersionSkew,
          passed: false,
          severity: 'Error',
          reason: 'PoolOutsideSkew',
        }),
      ]);
    });

    it('reports QuotaHeadroom from the usages and the drain checks of the pool before a pool step', async () => {
      const preflight = new WorkloadPreflight({
        ...quietAzure,
        agentPools: () => Promise.resolve([pool]),
        // A surge node of Standard_D4s_v3 needs 4 vCPUs; 2 are free.
        quotaUsages: () => Promise.resolve([{ name: 'standardDSv3Family', currentValue: 8, limit: 10 }]),
        workloadCluster: unreachable,
      });
      const { findings } = await preflight.run(
        {
          ...request,
          cluster,
          step: { kind: 'NodeImage', pool: 'user1', strategy: 'Surge' },
          skip: only(
            PreflightCheck.VersionSkew,
            PreflightCheck.QuotaHeadroom,
            PreflightCheck.UnmanagedPods,
            PreflightCheck.LongTerminationGrace,
            PreflightCheck.WebhookBackends,
            PreflightCheck.TwinPoolCapacity,
          ),
        },
        new AbortController().signal,
      );
      expect(findings.map((f) => [f.check, f.reason])).toEqual([
        [PreflightCheck.QuotaHeadroom, 'QuotaExceeded'],
        // The workload cluster is out of reach: its checks say so; a surge has no twin to check.
        [PreflightCheck.UnmanagedPods, UpgradePlanReason.WorkloadClusterUnreachable],
        [PreflightCheck.LongTerminationGrace, UpgradePlanReason.WorkloadClusterUnreachable],
        [PreflightCheck.WebhookBackends, UpgradePlanReason.WorkloadClusterUnreachable],
      ]);
    });

    it('checks the twin of a blue/green step, and warns without blocking when the quota cannot be read', async () => {
      const preflight = new WorkloadPreflight({
        ...quietAzure,
        agentPools: () => Promise.resolve([pool]),
        quotaUsages: () => Promise.reject(new Error('AuthorizationFailed')),
        workloadCluster: unreachable,
      });
      const { findings } = await preflight.run(
        {
          ...request,
          cluster,
          step: { kind: 'NodeImage', pool: 'user1', strategy: 'BlueGreen' },
          skip: only(PreflightCheck.QuotaHeadroom, PreflightCheck.TwinPoolCapacity),
        },
        new AbortController().signal,
      );
      expect(findings.map((f) => [f.check, f.severity, f.reason])).toEqual([
        [PreflightCheck.QuotaHeadroom, 'Warning', 'QuotaUnreadable'],
        [PreflightCheck.TwinPoolCapacity, 'Error', UpgradePlanReason.WorkloadClusterUnreachable],
      ]);
    });

    it('reports SubnetCapacity from the subnets Azure shows, and warns when one cannot be read', async () => {
      const id =
        '/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes';
      const step = { kind: 'NodeImage', pool: 'user1', strategy: 'Surge' } as const;
      const inSubnet = { ...pool, vnetSubnetID: id };
      const run = (subnet: () => Promise<Subnet | undefined>) =>
        new WorkloadPreflight({
          ...quietAzure,
          agentPools: () => Promise.resolve([inSubnet]),
          subnet,
          workloadCluster: unreachable,
        }).run(
          { ...request, cluster, step, skip: only(PreflightCheck.SubnetCapacity) },
          new AbortController().signal,
        );
      // A /29 keeps 3 addresses: the two nodes hold 2, the surge node needs 1 more and fits; a /30 has none.
      const fits = await run(() =>
        Promise.resolve({ id, addressPrefixes: ['10.1.0.0/29'], delegations: [] }),
      );
      expect(fits.findings).toEqual([{ check: PreflightCheck.SubnetCapacity, passed: true }]);
      const full = await run(() =>
        Promise.resolve({ id, addressPrefixes: ['10.1.0.0/30'], delegations: [] }),
      );
      expect(full.findings.map((f) => [f.check, f.severity, f.reason])).toEqual([
        [PreflightCheck.SubnetCapacity, 'Error', 'SubnetFull'],
      ]);
      const unread = await run(() => Promise.reject(new Error('AuthorizationFailed')));
      expect(unread.findings.map((f) => [f.check, f.severity, f.reason])).toEqual([
        [PreflightCheck.SubnetCapacity, 'Warning', 'SubnetUnreadable'],
      ]);
    });

    it("reports AddressSpaceOverlap when the cluster's node subnet overlaps another cluster's of the plan", async () => {
      const vnet = (name: string) =>
        `/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/${name}/subnets/nodes`;
      const member = (name: string, subnet: string) => ({
        cluster: {
          ...cluster,
          metadata: { name, namespace: 'fleet' },
          spec: { ...cluster.spec, systemPool: { vnetSubnetID: subnet } },
        } as ManagedCluster,
        pools: [],
      });
      const fleet = [member('dev', vnet('a')), member('prod', vnet('b')), member('lab', vnet('c'))];
      const ranges: Record<string, string> = {
        [vnet('a')]: '10.60.0.0/24',
        [vnet('b')]: '10.60.0.0/25',
        [vnet('c')]: '10.70.0.0/24',
      };
      const preflight = new WorkloadPreflight({
        ...quietAzure,
        subnet: (_c, id) => Promise.resolve({ id, addressPrefixes: [ranges[id] ?? ''], delegations: [] }),
        workloadCluster: unreachable,
      });
      const { findings } = await preflight.run(
        {
          ...request,
          cluster: fleet[0]?.cluster ?? cluster,
          fleet,
          skip: only(PreflightCheck.AddressSpaceOverlap),
        },
        new AbortController().signal,
      );
      expect(findings).toEqual([
        expect.objectContaining({
          check: PreflightCheck.AddressSpaceOverlap,
          severity: 'Error',
          reason: 'CidrOverlap',
          objects: ['clusters dev, prod'],
        }),
      ]);
    });
  });
});
