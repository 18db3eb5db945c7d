import { OLD_CLUSTER_DEFAULTS, withoutUndeclaredDefaults } from './old-defaults.js';

// A ManagedCluster as stored before the CRD stopped defaulting: every old default is present.
const spec = {
  location: 'eastus',
  sku: { tier: 'Free' },
  identity: { type: 'SystemAssigned' },
  autoUpgradeProfile: { upgradeChannel: 'none', nodeOSUpgradeChannel: 'NodeImage' },
  powerState: 'Running',
  driftPolicy: 'Revert',
  deletionPolicy: 'Delete',
};

describe('withoutUndeclaredDefaults', () => {
  it('drops old defaults a server-side apply never owned, and keeps what it owned', () => {
    const obj = {
      metadata: {
        managedFields: [
          {
            manager: 'flux',
            operation: 'Apply',
            fieldsV1: { 'f:spec': { 'f:location': {}, 'f:sku': { 'f:tier': {} } } },
          },
          // The API server credits defaulted fields to an Update's manager: not a declaration.
          {
            manager: 'aks-lifecycle-operator',
            operation: 'Update',
            fieldsV1: { 'f:spec': { 'f:powerState': {} } },
          },
        ],
      },
      spec,
    };
    expect(withoutUndeclaredDefaults(obj, OLD_CLUSTER_DEFAULTS).spec).toEqual({
      location: 'eastus',
      sku: { tier: 'Free' },
    });
  });

  it('reads a client-side apply from its last-applied-configuration', () => {
    const lastApplied = JSON.stringify({ spec: { location: 'eastus', deletionPolicy: 'Delete' } });
    const obj = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } },
      spec,
    };
    expect(withoutUndeclaredDefaults(obj, OLD_CLUSTER_DEFAULTS).spec).toEqual({
      location: 'eastus',
      deletionPolicy: 'Delete',
    });
  });

  it('keeps every value of an object that has no apply record (a plain create)', () => {
    const obj = {
      metadata: {
        managedFields: [{ manager: 'kubectl-create', operation: 'Update', fieldsV1: { 'f:spec': {} } }],
      },
      spec,
    };
    expect(withoutUndeclaredDefaults(obj, OLD_CLUSTER_DEFAULTS)).toBe(obj);
  });

  it('keeps a value that differs from the old default, declared or not', () => {
    const obj = {
      metadata: { managedFields: [{ manager: 'flux', operation: 'Apply', fieldsV1: { 'f:spec': {} } }] },
      spec: { sku: { tier: 'Standard' } },
    };
    expect(withoutUndeclaredDefaults(obj, OLD_CLUSTER_DEFAULTS).spec).toEqual({ sku: { tier: 'Standard' } });
  });
});
