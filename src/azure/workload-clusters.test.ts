import type * as Arm from '@azure/arm-containerservice';
import { ApiException } from '@kubernetes/client-node';
import { AKS_SERVER_APP_ID, TOKEN_REFRESH_BEFORE_MS, WorkloadClusterCache } from './workload-clusters.js';

const ID = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1';
const HOUR_MS = 3_600_000;

const kubeconfig = (user: string) => `apiVersion: v1
kind: Config
clusters: [{ name: c1, cluster: { server: 'https://c1.example:443' } }]
users: [{ name: ${user}, user: ${user === 'clusterUser' ? '{ exec: { command: kubelogin, apiVersion: client.authentication.k8s.io/v1beta1, args: [get-token] } }' : '{ client-certificate-data: Y2VydA==, client-key-data: a2V5 }'} }]
contexts: [{ name: c1, context: { cluster: c1, user: ${user} } }]
current-context: c1
`;

function world(body: Arm.ManagedCluster) {
  const calls: string[] = [];
  const clock = { nowMs: 0, now: () => clock.nowMs };
  const cache = new WorkloadClusterCache(clock);
  const scopes: string[] = [];
  const clusters = cache.bind({
    identityKey: 'tenant|client|',
    who: 'service principal client',
    managedClusters: {
      get: async () => (calls.push('get'), body),
      listAdminCredential: async () => (calls.push('admin'), kubeconfig('clusterAdmin')),
      listUserCredential: async () => (calls.push('user'), kubeconfig('clusterUser')),
    },
    credential: {
      getToken: async (scope) => {
        scopes.push(String(scope));
        return { token: `token-${scopes.length}`, expiresOnTimestamp: clock.nowMs + HOUR_MS };
      },
    },
  });
  return { calls, clock, clusters, scopes };
}

const refused = (code: number) => new ApiException(code, 'Forbidden', {}, {});

describe('workload clusters reached as an identity', () => {
  it('reaches a cluster without local accounts with its user kubeconfig carrying an Entra token for the AKS server app', async () => {
    const w = world({ location: 'eastus', aadProfile: { managed: true }, disableLocalAccounts: true });
    const kc = await w.clusters.open(ID);
    expect(w.calls).toEqual(['get', 'user']);
    expect(w.scopes).toEqual([`${AKS_SERVER_APP_ID}/.default`]);
    expect(kc?.getCurrentUser()).toMatchObject({ token: 'token-1' });
    expect(kc?.getCurrentUser()?.exec).toBeUndefined();
  });

  it('reaches a cluster without Entra ID with its admin kubeconfig', async () => {
    const w = world({ location: 'eastus' });
    const kc = await w.clusters.open(ID);
    expect(w.calls).toEqual(['get', 'admin']);
    expect(w.scopes).toEqual([]);
    expect(kc?.getCurrentUser()?.certData).toBe('Y2VydA==');
  });

  it('keeps the credential until its token is about to expire, then fetches a new one', async () => {
    const w = world({ location: 'eastus', aadProfile: { managed: true }, disableLocalAccounts: true });
    const first = await w.clusters.open(ID);
    w.clock.nowMs = HOUR_MS - TOKEN_REFRESH_BEFORE_MS - 1;
    expect(await w.clusters.open(ID)).toBe(first);
    expect(w.scopes).toHaveLength(1);
    w.clock.nowMs = HOUR_MS - TOKEN_REFRESH_BEFORE_MS + 1;
    expect((await w.clusters.open(ID))?.getCurrentUser()).toMatchObject({ token: 'token-2' });
  });

  it('forgets a credential the API server refused (401/403), not one that failed otherwise', async () => {
    const w = world({ location: 'eastus' });
    await w.clusters.open(ID);
    expect(w.clusters.forgetIfRefused(ID, new Error('connect ECONNREFUSED'))).toBe(false);
    await w.clusters.open(ID);
    expect(w.calls.filter((c) => c === 'admin')).toHaveLength(1);
    expect(w.clusters.forgetIfRefused(ID, new Error('wrapped', { cause: refused(401) }))).toBe(true);
    await w.clusters.open(ID);
    expect(w.calls.filter((c) => c === 'admin')).toHaveLength(2);
  });

  it('falls back to the admin kubeconfig after a refused Entra token only where local accounts are enabled', async () => {
    const withLocal = world({ location: 'eastus', aadProfile: { managed: true } });
    await withLocal.clusters.open(ID);
    withLocal.clusters.forgetIfRefused(ID, refused(403));
    await withLocal.clusters.open(ID);
    expect(withLocal.calls).toEqual(['get', 'user', 'get', 'admin']);

    const without = world({ location: 'eastus', aadProfile: { managed: true }, disableLocalAccounts: true });
    await without.clusters.open(ID);
    without.clusters.forgetIfRefused(ID, refused(403));
    await without.clusters.open(ID);
    expect(without.calls).toEqual(['get', 'user', 'get', 'user']);
  });
});
