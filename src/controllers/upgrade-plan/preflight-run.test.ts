import { KubeConfig } from '@kubernetes/client-node';
import { PreflightCheck, UpgradePlanReason, type ManagedCluster } from '../../api/index.js';
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
};

describe('WorkloadPreflight', () => {
  it('fails with the table error when the removed-API table cannot load, not WorkloadClusterUnreachable', async () => {
    const broken = new RemovedApiTableError(
      new URL('file:///app/dist/data/deprecated-apis.yaml'),
      new Error('ENOENT'),
    );
    const preflight = new WorkloadPreflight({
      workloadCluster: () => Promise.resolve({ kc: kubeConfig(), forgetIfRefused: () => false }),
      removedApis: () => Promise.reject(broken),
      timeoutMs: 1000,
    });
    const outcome = preflight.run(request, new AbortController().signal);
    await expect(outcome).rejects.toBeInstanceOf(RemovedApiTableError);
  });

  it('still reports a workload cluster it cannot read as WorkloadClusterUnreachable', async () => {
    const preflight = new WorkloadPreflight({
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
});
