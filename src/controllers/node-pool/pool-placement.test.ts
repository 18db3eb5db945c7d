// The subnet, host-encryption, tag and maxUnavailable settings of a NodePool: sent only when declared,
// overlaid on Azure's body key by key, compared only where declared, and fixed ones never written.
import type * as Arm from '@azure/arm-containerservice';
import { nodePool } from '../testing/objects.js';
import { comparePool } from './compare.js';
import { desiredPoolForCreate, desiredPoolForUpdate } from './desired.js';

const VNET = '/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/prod';
const NODES = `${VNET}/subnets/nodes`;
const PODS = `${VNET}/subnets/pods`;

const declared = nodePool({
  spec: {
    vnetSubnetID: NODES,
    podSubnetID: PODS,
    enableEncryptionAtHost: true,
    tags: { team: 'payments' },
    upgradeSettings: { maxSurge: 0, maxUnavailable: '1' },
  },
});

/** What Azure holds after creating the pool: the body, AKS's fills, and a tag someone else added. */
function created(body: Arm.AgentPool): Arm.AgentPool {
  return {
    ...body,
    provisioningState: 'Succeeded',
    powerState: { code: 'Running' },
    orchestratorVersion: '1.33',
    currentOrchestratorVersion: '1.33.4',
    tags: { ...body.tags, 'cost-center': '42' },
  };
}

describe('declared placement settings', () => {
  it('are sent on create, with maxUnavailable as AKS writes it', () => {
    expect(desiredPoolForCreate(declared.spec)).toMatchObject({
      vnetSubnetID: NODES,
      podSubnetID: PODS,
      enableEncryptionAtHost: true,
      tags: { team: 'payments' },
      upgradeSettings: { maxSurge: '0', maxUnavailable: '1' },
    });
  });

  it('are absent from the create body when the spec leaves them to Azure', () => {
    const body = desiredPoolForCreate(nodePool().spec);
    for (const key of ['vnetSubnetID', 'podSubnetID', 'enableEncryptionAtHost', 'tags', 'upgradeSettings'])
      expect(body).not.toHaveProperty(key);
  });

  it('find nothing to do on the pool they created, whatever tags others added', () => {
    expect(comparePool(declared.spec, created(desiredPoolForCreate(declared.spec)))).toEqual([]);
  });

  it.each<[string, Arm.AgentPool, string, string]>([
    ['another node subnet', { vnetSubnetID: `${VNET}/subnets/other` }, 'spec.vnetSubnetID', 'immutable'],
    ['no pod subnet', { podSubnetID: undefined }, 'spec.podSubnetID', 'immutable'],
    [
      'host encryption off',
      { enableEncryptionAtHost: undefined },
      'spec.enableEncryptionAtHost',
      'immutable',
    ],
    ['a changed declared tag', { tags: { team: 'search' } }, 'spec.tags', 'update'],
    [
      'another maxUnavailable',
      { upgradeSettings: { maxSurge: '0', maxUnavailable: '3' } },
      'spec.upgradeSettings.maxUnavailable',
      'update',
    ],
  ])('report %s', (_what, change, path, action) => {
    const azure = { ...created(desiredPoolForCreate(declared.spec)), ...change };
    expect(comparePool(declared.spec, azure)).toEqual([expect.objectContaining({ path, action })]);
  });

  it('never compare what the spec does not declare', () => {
    const silent = nodePool();
    const azure = created({
      ...desiredPoolForCreate(silent.spec),
      vnetSubnetID: NODES,
      enableEncryptionAtHost: true,
      upgradeSettings: { maxSurge: '10%', maxUnavailable: '2' },
      tags: { team: 'anyone' },
    });
    expect(comparePool(silent.spec, azure)).toEqual([]);
  });

  it('overlay declared tags on the update and keep the keys others added', () => {
    const azure = created(desiredPoolForCreate(declared.spec));
    const drifted = { ...azure, tags: { team: 'search', 'cost-center': '42' } };
    const body = desiredPoolForUpdate(declared.spec, drifted, { isUpgradeAllowed: false });
    expect(body.tags).toEqual({ team: 'payments', 'cost-center': '42' });
    expect(body.vnetSubnetID).toBe(NODES);
  });

  it('release a tag removed from the spec: Azure keeps it and nothing is compared', () => {
    const azure = created(desiredPoolForCreate(declared.spec));
    const released = nodePool({ spec: structuredClone(declared.spec) });
    delete released.spec.tags;
    expect(comparePool(released.spec, azure)).toEqual([]);
    const body = desiredPoolForUpdate(released.spec, azure, { isUpgradeAllowed: false });
    expect(body.tags).toEqual({ team: 'payments', 'cost-center': '42' });
  });
});
