// The blue/green twin's body: every declared setting of the spec, and every setting Azure has for the old
// pool where the spec is silent, so the replacement is the same pool at another version.
import type * as Arm from '@azure/arm-containerservice';
import { AzureTag } from '../../../api/index.js';
import { nodePool } from '../../testing/objects.js';
import { desiredTwin } from './twin.js';

const VNET = '/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/prod';

const old: Arm.AgentPool = {
  count: 4,
  vmSize: 'Standard_D4s_v5',
  mode: 'User',
  osType: 'Linux',
  osSKU: 'AzureLinux',
  maxPods: 60,
  vnetSubnetID: `${VNET}/subnets/nodes`,
  podSubnetID: `${VNET}/subnets/pods`,
  enableEncryptionAtHost: true,
  enableFips: true,
  kubeletConfig: { cpuManagerPolicy: 'static' },
  gpuProfile: { driver: 'None' },
  nodeLabels: { tier: 'web' },
  upgradeSettings: { maxSurge: '33%', drainTimeoutInMinutes: 45, maxUnavailable: '1' },
  tags: {
    team: 'payments',
    'cost-center': '42',
    [AzureTag.Owner]: 'NodePool/ns/web',
    [AzureTag.ActivePool]: 'web',
  },
  orchestratorVersion: '1.33.4',
};

describe('desiredTwin', () => {
  it('copies every setting Azure has for the old pool that the spec leaves to it', () => {
    const np = nodePool({ spec: { vmSize: 'Standard_D4s_v5', count: 4 } });
    const twin = desiredTwin(np.spec, old, { version: '1.34', oldCount: 4 });
    expect(twin).toMatchObject({
      mode: 'User',
      osSKU: 'AzureLinux',
      maxPods: 60,
      vnetSubnetID: old.vnetSubnetID,
      podSubnetID: old.podSubnetID,
      enableEncryptionAtHost: true,
      enableFips: true,
      kubeletConfig: { cpuManagerPolicy: 'static' },
      gpuProfile: { driver: 'None' },
      nodeLabels: { tier: 'web' },
      upgradeSettings: { maxSurge: '33%', drainTimeoutInMinutes: 45, maxUnavailable: '1' },
      orchestratorVersion: '1.34',
    });
  });

  it("carries others' tags but not the operator's own, which the twin's writes set themselves", () => {
    const np = nodePool({ spec: { count: 4, tags: { team: 'checkout' } } });
    const twin = desiredTwin(np.spec, old, { version: '1.34', oldCount: 4 });
    expect(twin.tags).toEqual({ team: 'checkout', 'cost-center': '42' });
  });

  it('lets declared settings win over the old pool, leaf by leaf', () => {
    const np = nodePool({
      spec: { count: 4, maxPods: 30, upgradeSettings: { maxSurge: '10%' }, nodeLabels: { tier: 'api' } },
    });
    const twin = desiredTwin(np.spec, old, { version: '1.34', oldCount: 4 });
    expect(twin.maxPods).toBe(30);
    expect(twin.nodeLabels).toEqual({ tier: 'api' });
    expect(twin.upgradeSettings).toEqual({ maxSurge: '10%', drainTimeoutInMinutes: 45, maxUnavailable: '1' });
  });
});
