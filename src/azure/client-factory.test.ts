import type { TokenCredential } from '@azure/core-auth';
import { createHttpHeaders, type HttpClient } from '@azure/core-rest-pipeline';
import { ReconcileClock, runWithReconcileClock } from '../runtime/index.js';
import { AccessDeniedError } from './arm-error-classes.js';
import { createAzureArm } from './azure-arm.js';
import { ArmClientFactory } from './client-factory.js';
import { AzureIdentityCredentialSource, type CredentialSource } from './credentials.js';
import { managedClusterId } from './resource-id.js';
import { ArmHttpStub, STUB_ENDPOINT } from './testing/arm-http-stub.js';

const SUB1 = '00000000-0000-0000-0000-000000000001';
const SUB2 = '00000000-0000-0000-0000-000000000002';
const CLUSTER_BODY = { status: 200, body: { id: 'x', name: 'c1', location: 'eastus', properties: {} } };

describe('ArmClientFactory', () => {
  it('caches one client per subscription and identity', () => {
    const factory = new ArmClientFactory({
      endpoint: { mode: 'simulator', endpoint: STUB_ENDPOINT, caPem: '' },
    });
    const a = factory.client(SUB1);
    expect(factory.client(SUB1.toUpperCase())).toBe(a);
    expect(factory.client(SUB2)).not.toBe(a);
    const sp = { tenantId: 't', clientId: 'c', clientSecret: 's' };
    expect(factory.client(SUB1, sp)).not.toBe(a);
    expect(factory.client(SUB1, { ...sp })).toBe(factory.client(SUB1, sp));
  });

  it('drops the oldest client beyond the limit', () => {
    const factory = new ArmClientFactory({
      endpoint: { mode: 'simulator', endpoint: STUB_ENDPOINT, caPem: '' },
      maxClients: 1,
    });
    const first = factory.client(SUB1);
    factory.client(SUB2);
    expect(factory.client(SUB1)).not.toBe(first);
  });

  it('talks to the simulator endpoint with a bearer token and the chosen api-version', async () => {
    const stub = new ArmHttpStub().on('GET', /managedClusters\/c1$/, CLUSTER_BODY);
    const factory = new ArmClientFactory({
      endpoint: { mode: 'simulator', endpoint: STUB_ENDPOINT, caPem: '', token: 'sim-token' },
      apiVersion: '2026-08-01',
      httpClient: stub.httpClient,
    });
    await createAzureArm({ factory }).managedClusters.get(managedClusterId(SUB1, 'rg', 'c1'));
    const [request] = stub.requests;
    expect(request?.url.origin).toBe(STUB_ENDPOINT);
    expect(request?.url.searchParams.get('api-version')).toBe('2026-08-01');
    expect(request?.headers['authorization']).toBe('Bearer sim-token');
    expect(request?.headers['user-agent']).toMatch(/^aks-lifecycle-operator azsdk-js-arm-containerservice\//);
  });

  it("counts an ARM call through a factory's client as time the reconcile awaited outside", async () => {
    let t = 0;
    // ARM answering on a later turn of the event loop, 80 ms of manual time later.
    const httpClient: HttpClient = {
      sendRequest: (request) =>
        new Promise((resolve) =>
          setImmediate(() => {
            t += 80;
            resolve({
              request,
              status: 200,
              headers: createHttpHeaders({ 'content-type': 'application/json' }),
              bodyAsText: JSON.stringify(CLUSTER_BODY.body),
            });
          }),
        ),
    };
    const factory = new ArmClientFactory({
      endpoint: { mode: 'simulator', endpoint: STUB_ENDPOINT, caPem: '', token: 'sim-token' },
      httpClient,
      budget: false,
    });
    const clock = new ReconcileClock(() => t);
    await runWithReconcileClock(clock, async () => {
      t += 2;
      await factory.client(SUB1).managedClusters.get('rg', 'c1');
      t += 3;
    });
    expect(clock.finish()).toEqual({ wallMs: 85, awaitedMs: 80, ownMs: 5 });
  });

  it('asks for tokens of the cloud the requests go to', async () => {
    const scopes: string[] = [];
    const credential: TokenCredential = {
      getToken: async (scope) => {
        scopes.push(...[scope].flat());
        return { token: 't', expiresOnTimestamp: Date.now() + 60_000 };
      },
    };
    const credentials: CredentialSource = { credentialFor: () => credential };
    const stub = new ArmHttpStub().on('GET', /managedClusters\/c1$/, CLUSTER_BODY);
    const factory = new ArmClientFactory({
      endpoint: { mode: 'azure', endpoint: 'https://management.chinacloudapi.cn' },
      credentials,
      httpClient: stub.httpClient,
    });
    await createAzureArm({ factory }).managedClusters.get(managedClusterId(SUB1, 'rg', 'c1'));
    expect(scopes).toEqual(['https://management.chinacloudapi.cn/.default']);
    expect(stub.requests[0]?.url.origin).toBe('https://management.chinacloudapi.cn');
  });

  it('reports an identity that yields no credential as access denied, on the call', async () => {
    const stub = new ArmHttpStub();
    const factory = new ArmClientFactory({
      endpoint: { mode: 'azure' },
      credentials: new AzureIdentityCredentialSource({
        serviceAccountTokens: { token: () => Promise.reject(new Error('the API server is unreachable')) },
      }),
      httpClient: stub.httpClient,
    });
    const identity = { useWorkloadIdentity: true, tenantId: 't', clientId: 'c', namespace: 'team-a' };
    const arm = createAzureArm({ factory, identity });
    await expect(arm.managedClusters.get(managedClusterId(SUB1, 'rg', 'c1'))).rejects.toBeInstanceOf(
      AccessDeniedError,
    );
    expect(stub.requests).toHaveLength(0);
  });
});
