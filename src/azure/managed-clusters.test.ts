// The managed-cluster adapter over the real SDK, ARM's answers scripted in-process.
import { InvalidSpecError } from '../runtime/index.js';
import { managedClusterId } from './resource-id.js';
import { ArmHttpStub, armOverStub } from './testing/arm-http-stub.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const CLUSTER = managedClusterId(SUB, 'rg1', 'c1');
const CLUSTER_PATH = /\/resourceGroups\/rg1\/providers\/Microsoft\.ContainerService\/managedClusters\/c1$/;

describe('SdkManagedClustersArm', () => {
  it('reads a cluster in the SDK’s flattened shape', async () => {
    const stub = new ArmHttpStub().on('GET', CLUSTER_PATH, {
      status: 200,
      body: {
        id: CLUSTER.replace('resourceGroups', 'resourcegroups'),
        name: 'c1',
        type: 'Microsoft.ContainerService/ManagedClusters',
        location: 'eastus',
        eTag: 'e1',
        properties: {
          provisioningState: 'Succeeded',
          kubernetesVersion: '1.30',
          currentKubernetesVersion: '1.30.4',
          powerState: { code: 'Running' },
          agentPoolProfiles: [{ name: 'system', count: 3, mode: 'System' }],
        },
      },
    });
    const cluster = await armOverStub(stub).managedClusters.get(CLUSTER);
    expect(cluster).toMatchObject({
      name: 'c1',
      eTag: 'e1',
      currentKubernetesVersion: '1.30.4',
      powerState: { code: 'Running' },
    });
    expect(cluster?.agentPoolProfiles?.[0]).toMatchObject({ name: 'system', count: 3 });
  });

  it.each([
    [
      'the cluster',
      {
        error: {
          code: 'ResourceNotFound',
          message:
            "The Resource 'Microsoft.ContainerService/managedClusters/c1' under resource group 'rg1' was not found.",
        },
      },
    ],
    [
      'the resource group',
      { error: { code: 'ResourceGroupNotFound', message: "Resource group 'rg1' could not be found." } },
    ],
  ])('answers undefined when %s is absent', async (_what, body) => {
    const stub = new ArmHttpStub().on('GET', CLUSTER_PATH, { status: 404, body });
    expect(await armOverStub(stub).managedClusters.get(CLUSTER)).toBeUndefined();
  });

  it('sends If-Match on a PUT and the whole body Azure expects', async () => {
    const stub = new ArmHttpStub().on('PUT', CLUSTER_PATH, {
      status: 200,
      body: { id: CLUSTER, name: 'c1', location: 'eastus', properties: { provisioningState: 'Succeeded' } },
    });
    await armOverStub(stub).managedClusters.put(
      CLUSTER,
      {
        location: 'eastus',
        kubernetesVersion: '1.31',
        dnsPrefix: 'c1',
        agentPoolProfiles: [{ name: 'system', count: 1, mode: 'System', vmSize: 'Standard_D2s_v5' }],
      },
      { ifMatch: 'e1' },
    );
    const [put] = stub.requests;
    expect(put?.headers['if-match']).toBe('e1');
    expect(put?.body).toMatchObject({
      location: 'eastus',
      properties: {
        kubernetesVersion: '1.31',
        dnsPrefix: 'c1',
        agentPoolProfiles: [{ name: 'system', count: 1 }],
      },
    });
  });

  it('replaces tags with a PATCH that real AKS answers synchronously', async () => {
    const stub = new ArmHttpStub().on('PATCH', CLUSTER_PATH, {
      status: 200,
      body: {
        id: CLUSTER,
        name: 'c1',
        location: 'eastus',
        tags: { team: 'a' },
        properties: { provisioningState: 'Succeeded' },
      },
    });
    stub.on('GET', CLUSTER_PATH, {
      status: 200,
      body: { id: CLUSTER, name: 'c1', location: 'eastus', tags: { team: 'a' }, properties: {} },
    });
    const arm = armOverStub(stub);
    const handle = await arm.managedClusters.patchTags(CLUSTER, { team: 'a' });
    expect(stub.requests[0]?.body).toEqual({ tags: { team: 'a' } });
    const outcome = await arm.operations.pollOperation(handle);
    expect(outcome.status === 'Succeeded' && outcome.result.tags).toEqual({ team: 'a' });
  });

  it('decodes the admin kubeconfig and reads versions of a region', async () => {
    const kubeconfig = 'apiVersion: v1\nkind: Config\n';
    const stub = new ArmHttpStub()
      .on('POST', /managedClusters\/c1\/listClusterAdminCredential$/, {
        status: 200,
        body: { kubeconfigs: [{ name: 'clusterAdmin', value: Buffer.from(kubeconfig).toString('base64') }] },
      })
      .on('GET', /locations\/eastus\/kubernetesVersions$/, {
        status: 200,
        body: { values: [{ version: '1.30', patchVersions: { '1.30.4': { upgrades: ['1.31.1'] } } }] },
      });
    const arm = armOverStub(stub);
    expect(await arm.managedClusters.listAdminCredential(CLUSTER)).toBe(kubeconfig);
    const versions = await arm.managedClusters.listKubernetesVersions({
      subscriptionId: SUB,
      location: 'eastus',
    });
    expect(versions.map((v) => v.version)).toEqual(['1.30']);
  });

  it('reads the upgrade profile', async () => {
    const stub = new ArmHttpStub().on('GET', /managedClusters\/c1\/upgradeProfiles\/default$/, {
      status: 200,
      body: {
        id: `${CLUSTER}/upgradeProfiles/default`,
        properties: {
          controlPlaneProfile: {
            kubernetesVersion: '1.30.4',
            osType: 'Linux',
            upgrades: [{ kubernetesVersion: '1.31.1' }],
          },
          agentPoolProfiles: [],
        },
      },
    });
    const profile = await armOverStub(stub).managedClusters.getUpgradeProfile(CLUSTER);
    expect(profile?.controlPlaneProfile.upgrades?.map((u) => u.kubernetesVersion)).toEqual(['1.31.1']);
  });

  it('refuses an ID that does not name a cluster before calling Azure', async () => {
    const stub = new ArmHttpStub();
    await expect(armOverStub(stub).managedClusters.get(`${CLUSTER}/agentPools/np1`)).rejects.toBeInstanceOf(
      InvalidSpecError,
    );
    expect(stub.requests).toHaveLength(0);
  });
});
