import type * as Arm from '@azure/arm-containerservice';
import { managedCluster } from '../testing/objects.js';
import { compareCluster } from './compare.js';
import { desiredClusterForCreate } from './desired.js';

/** What Azure answers after creating `body`: the body plus AKS's computed and default fields. */
function asCreated(body: Arm.ManagedCluster): Arm.ManagedCluster {
  return {
    ...body,
    provisioningState: 'Succeeded',
    powerState: { code: 'Running' },
    currentKubernetesVersion: '1.33.4',
    kubernetesVersion: '1.33',
    dnsPrefix: 'c1-rg1-abc',
    networkProfile: {
      networkPlugin: 'azure',
      loadBalancerSku: 'standard',
      serviceCidr: '10.0.0.0/16',
      dnsServiceIP: '10.0.0.10',
    },
  };
}

const OWNER = { 'aks-lifecycle-owner': 'ManagedCluster/ns/c1', 'aks-lifecycle-owner-uid': 'u1' };

describe('compareCluster', () => {
  const mc = managedCluster({
    spec: {
      tags: { team: 'a' },
      sku: { tier: 'Free' },
      autoUpgradeProfile: { upgradeChannel: 'none', nodeOSUpgradeChannel: 'NodeImage' },
    },
  });
  const azure = asCreated(desiredClusterForCreate(mc.spec, { ownerTags: OWNER }));

  it('finds nothing to do on the cluster it created', () => {
    expect(compareCluster(mc.spec, azure)).toEqual([]);
  });

  it.each<[string, Arm.ManagedCluster, string, string]>([
    ['retagged tags', { ...azure, tags: { team: 'b' } }, 'spec.tags', 'tags'],
    ['a removed tag', { ...azure, tags: {} }, 'spec.tags', 'tags'],
    ['another tier', { ...azure, sku: { name: 'Base', tier: 'Standard' } }, 'spec.sku.tier', 'update'],
    [
      'another upgrade channel',
      { ...azure, autoUpgradeProfile: { upgradeChannel: 'rapid', nodeOSUpgradeChannel: 'NodeImage' } },
      'spec.autoUpgradeProfile.upgradeChannel',
      'update',
    ],
    [
      'an older control plane',
      { ...azure, currentKubernetesVersion: '1.32.7' },
      'spec.kubernetesVersion',
      'upgrade',
    ],
    [
      'a control plane upgraded outside',
      { ...azure, currentKubernetesVersion: '1.34.2' },
      'spec.kubernetesVersion',
      'reportOnly',
    ],
    ['another region', { ...azure, location: 'westeurope' }, 'spec.location', 'immutable'],
  ])('reports %s', (_what, observed, path, action) => {
    expect(compareCluster(mc.spec, observed)).toEqual([expect.objectContaining({ path, action })]);
  });

  it('compares add-ons by key case-insensitively and only those the spec names', () => {
    const spec = managedCluster({
      spec: { addons: { azureKeyvaultSecretsProvider: { enabled: true } } },
    }).spec;
    const observed = {
      ...asCreated(desiredClusterForCreate(spec, { ownerTags: OWNER })),
      addonProfiles: {
        azurekeyvaultsecretsprovider: {
          enabled: true,
          config: { enableSecretRotation: 'false', rotationPollInterval: '2m' },
        },
        omsagent: { enabled: true, config: {} },
      },
    };
    expect(compareCluster(spec, observed)).toEqual([]);
    observed.addonProfiles.azurekeyvaultsecretsprovider.enabled = false;
    expect(compareCluster(spec, observed).map((d) => d.path)).toEqual([
      'spec.addons.azureKeyvaultSecretsProvider.enabled',
    ]);
  });

  it('compares none of the fields the spec leaves out, however Azure has them', () => {
    const spec = managedCluster().spec;
    const observed: Arm.ManagedCluster = {
      ...asCreated(desiredClusterForCreate(spec, { ownerTags: OWNER })),
      sku: { name: 'Base', tier: 'Premium' },
      identity: { type: 'UserAssigned' },
      autoUpgradeProfile: { upgradeChannel: 'stable', nodeOSUpgradeChannel: 'SecurityPatch' },
      networkProfile: { networkPlugin: 'kubenet', loadBalancerSku: 'basic' },
      tags: { costCenter: '42' },
    };
    expect(compareCluster(spec, observed)).toEqual([]);
  });

  it('ignores the owner tags when it compares the tags the spec names', () => {
    expect(compareCluster(mc.spec, { ...azure, tags: { team: 'a', 'aks-lifecycle-owner': 'x' } })).toEqual(
      [],
    );
  });

  it('leaves tags alone when the spec names none', () => {
    const spec = managedCluster().spec;
    expect(
      compareCluster(spec, {
        ...asCreated(desiredClusterForCreate(spec, { ownerTags: OWNER })),
        tags: { owner: 'portal' },
      }),
    ).toEqual([]);
  });
});
