// The agent-pool adapter over the real SDK, ARM's answers scripted in-process.
import { agentPoolId, managedClusterId, snapshotId } from './resource-id.js';
import { ArmHttpStub, armOverStub, STUB_ENDPOINT } from './testing/arm-http-stub.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const CLUSTER = managedClusterId(SUB, 'rg1', 'c1');
const POOL = agentPoolId(CLUSTER, 'user1');
const POOLS_PATH = /\/managedClusters\/c1\/agentPools$/;

const pool = (name: string) => ({
  id: agentPoolId(CLUSTER, name),
  name,
  properties: { count: 2, provisioningState: 'Succeeded' },
});

describe('SdkAgentPoolsArm', () => {
  it('lists every page of pools, including AKS’s empty last page', async () => {
    const next = `${STUB_ENDPOINT}/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1/agentPools?api-version=2026-06-01&$skipToken=abc`;
    const stub = new ArmHttpStub().on(
      'GET',
      POOLS_PATH,
      { status: 200, body: { value: [pool('system'), pool('user1')], nextLink: next } },
      { status: 200, body: { value: [pool('user2')], nextLink: `${next}2` } },
      { status: 200, body: { value: [] } },
    );
    const pools = await armOverStub(stub).agentPools.list(CLUSTER);
    expect(pools?.map((p) => p.name)).toEqual(['system', 'user1', 'user2']);
    expect(stub.requestsTo('GET', POOLS_PATH)).toHaveLength(3);
  });

  it('answers undefined for the pools of an absent cluster', async () => {
    const stub = new ArmHttpStub().on('GET', POOLS_PATH, {
      status: 404,
      body: { error: { code: 'ResourceNotFound', message: 'no cluster' } },
    });
    expect(await armOverStub(stub).agentPools.list(CLUSTER)).toBeUndefined();
  });

  it('upgrades the node image to a snapshot’s with the AKSSnapshotId header', async () => {
    const op = `${STUB_ENDPOINT}/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/eastus/operations/op9?api-version=2017-08-31`;
    const stub = new ArmHttpStub().on('POST', /agentPools\/user1\/upgradeNodeImageVersion$/, {
      status: 202,
      headers: { 'azure-asyncoperation': op, location: op },
      body: { ...pool('user1'), properties: { provisioningState: 'UpgradingNodeImageVersion' } },
    });
    const snapshot = snapshotId(SUB, 'rg1', 's1');
    const handle = await armOverStub(stub).agentPools.upgradeNodeImageVersion(POOL, { snapshotId: snapshot });
    expect(handle.kind).toBe('agentPool.upgradeNodeImageVersion');
    expect(stub.requests[0]?.headers['akssnapshotid']).toBe(snapshot);
  });

  it('reads upgrade profile and available versions', async () => {
    const stub = new ArmHttpStub()
      .on('GET', /agentPools\/user1\/upgradeProfiles\/default$/, {
        status: 200,
        body: {
          properties: {
            kubernetesVersion: '1.30.4',
            osType: 'Linux',
            upgrades: [{ kubernetesVersion: '1.31.1' }],
            latestNodeImageVersion: 'AKSUbuntu-2204gen2containerd-202501.01.0',
          },
        },
      })
      .on('GET', /managedClusters\/c1\/availableAgentPoolVersions$/, {
        status: 200,
        body: {
          properties: {
            agentPoolVersions: [
              { kubernetesVersion: '1.30.4', default: true },
              { kubernetesVersion: '1.31.1' },
            ],
          },
        },
      });
    const arm = armOverStub(stub);
    expect((await arm.agentPools.getUpgradeProfile(POOL))?.latestNodeImageVersion).toBe(
      'AKSUbuntu-2204gen2containerd-202501.01.0',
    );
    expect(
      (await arm.agentPools.availableVersions(CLUSTER))?.agentPoolVersions?.map((v) => v.kubernetesVersion),
    ).toEqual(['1.30.4', '1.31.1']);
  });
});
