// applyDefaults fills an object the way the apiserver would, so tests can build objects as read back.
import { applyDefaults } from './defaults.js';
import { managedClusterSpec } from './managed-cluster.js';
import { upgradePlanSpec } from './upgrade-plan.js';

describe('applyDefaults', () => {
  it('fills top-level and nested defaults, including those of defaulted objects', () => {
    const spec = applyDefaults(managedClusterSpec, {
      resourceGroup: 'rg',
      location: 'westeurope',
      kubernetesVersion: '1.30',
      systemPool: { vmSize: 'Standard_D4s_v5' },
    });
    // Azure-side settings have no CRD default: absent means Azure's.
    expect(spec.powerState).toBeUndefined();
    expect(spec.sku).toBeUndefined();
    expect(spec.autoUpgradeProfile).toBeUndefined();
    expect(spec.systemPool).toEqual({ azureName: 'system', vmSize: 'Standard_D4s_v5', count: 3 });
    expect(spec.networkProfile).toBeUndefined();
  });

  it('fills defaults inside list items and keeps given values', () => {
    const spec = applyDefaults(upgradePlanSpec, {
      target: { kubernetesVersion: '1.31' },
      clusterSelector: {},
      stages: [{ name: 'canary' }, { name: 'rest', maxConcurrency: 5 }],
    });
    expect(spec.stages?.map((st) => [st.name, st.maxConcurrency, st.requireApproval])).toEqual([
      ['canary', 1, false],
      ['rest', 5, false],
    ]);
    expect(spec.drain).toEqual({ timeoutMinutes: 30, onTimeout: 'Wait', concurrency: 1 });
  });

  it('does not modify its input', () => {
    const input = { target: { nodeImageOnly: true }, clusterSelector: {} };
    applyDefaults(upgradePlanSpec, input);
    expect(input).toEqual({ target: { nodeImageOnly: true }, clusterSelector: {} });
  });
});
