// The snapshot adapter over the real SDK, ARM's answers scripted in-process: all calls are synchronous.
import { agentPoolId, managedClusterId, snapshotId } from './resource-id.js';
import { ArmHttpStub, armOverStub } from './testing/arm-http-stub.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const SNAPSHOT = snapshotId(SUB, 'rg1', 's1');
const POOL = agentPoolId(managedClusterId(SUB, 'rg1', 'c1'), 'user1');
const PATH = /\/snapshots\/s1$/;
const stored = {
  id: SNAPSHOT,
  name: 's1',
  type: 'Microsoft.ContainerService/Snapshots',
  location: 'eastus',
  tags: { key2: 'new-val2' },
  properties: {
    creationData: { sourceResourceId: POOL },
    snapshotType: 'NodePool',
    kubernetesVersion: '1.30.4',
    nodeImageVersion: 'AKSUbuntu-1804gen2containerd-2021.09.11',
    osSku: 'Ubuntu',
    vmSize: 'Standard_D2s_v5',
    enableFIPS: false,
  },
};

describe('SdkSnapshotsArm', () => {
  it('creates a snapshot from a pool and returns what Azure stored', async () => {
    const stub = new ArmHttpStub().on('PUT', PATH, { status: 201, body: stored });
    const snapshot = await armOverStub(stub).snapshots.put(SNAPSHOT, {
      location: 'eastus',
      creationData: { sourceResourceId: POOL },
    });
    expect(stub.requests[0]?.body).toMatchObject({
      location: 'eastus',
      properties: { creationData: { sourceResourceId: POOL } },
    });
    expect(snapshot).toMatchObject({ kubernetesVersion: '1.30.4', osSku: 'Ubuntu', enableFips: false });
    expect(stub.requests).toHaveLength(1);
  });

  it('replaces tags, and answers undefined for an absent snapshot', async () => {
    const stub = new ArmHttpStub().on('PATCH', PATH, { status: 200, body: stored });
    const arm = armOverStub(stub);
    expect((await arm.snapshots.patchTags(SNAPSHOT, { key2: 'new-val2' }))?.tags).toEqual({
      key2: 'new-val2',
    });
    stub.on('PATCH', PATH, {
      status: 404,
      body: { error: { code: 'ResourceNotFound', message: 'no snapshot' } },
    });
    expect(await arm.snapshots.patchTags(SNAPSHOT, {})).toBeUndefined();
  });

  it('deletes idempotently', async () => {
    const stub = new ArmHttpStub().on('DELETE', PATH, { status: 200 }, { status: 204 });
    const arm = armOverStub(stub);
    await arm.snapshots.delete(SNAPSHOT);
    await arm.snapshots.delete(SNAPSHOT);
    expect(stub.requestsTo('DELETE', PATH)).toHaveLength(2);
    stub.on('GET', PATH, { status: 404, body: { error: { code: 'ResourceNotFound', message: 'gone' } } });
    expect(await arm.snapshots.get(SNAPSHOT)).toBeUndefined();
  });
});
