import type * as Arm from '@azure/arm-containerservice';
import { nodePool } from '../testing/objects.js';
import { comparePool } from './compare.js';
import { desiredPoolForCreate, SPOT_TAINT } from './desired.js';

function asCreated(body: Arm.AgentPool): Arm.AgentPool {
  return {
    ...body,
    provisioningState: 'Succeeded',
    powerState: { code: 'Running' },
    orchestratorVersion: '1.33',
    currentOrchestratorVersion: '1.33.4',
    osDiskSizeGB: 128,
    osSKU: 'Ubuntu',
    maxPods: 110,
  };
}

describe('comparePool', () => {
  const np = nodePool({
    spec: {
      nodeLabels: { tier: 'web' },
      nodeTaints: ['dedicated=web:NoSchedule'],
      powerState: 'Running',
      upgradeSettings: { drainTimeoutInMinutes: 30 },
    },
  });
  const azure = asCreated(desiredPoolForCreate(np.spec));

  it('finds nothing to do on the pool it created', () => {
    expect(comparePool(np.spec, azure)).toEqual([]);
  });

  it.each<[string, Arm.AgentPool, string, string]>([
    ['a count scaled outside', { ...azure, count: 5 }, 'spec.count', 'update'],
    ['a changed label', { ...azure, nodeLabels: { tier: 'db' } }, 'spec.nodeLabels', 'update'],
    ['a removed taint', { ...azure, nodeTaints: [] }, 'spec.nodeTaints', 'update'],
    [
      'the autoscaler turned on',
      { ...azure, enableAutoScaling: true, minCount: 1, maxCount: 5 },
      'spec.autoscaling',
      'update',
    ],
    ['a stopped pool', { ...azure, powerState: { code: 'Stopped' }, count: 0 }, 'spec.powerState', 'update'],
    ['another VM size', { ...azure, vmSize: 'Standard_D8s_v3' }, 'spec.vmSize', 'immutable'],
    [
      'another drain timeout',
      { ...azure, upgradeSettings: { ...azure.upgradeSettings, drainTimeoutInMinutes: 10 } },
      'spec.upgradeSettings.drainTimeoutInMinutes',
      'update',
    ],
  ])('reports %s', (_what, observed, path, action) => {
    expect(comparePool(np.spec, observed)).toEqual([expect.objectContaining({ path, action })]);
  });

  it('compares none of the fields the spec leaves out, however Azure has them', () => {
    const bare = nodePool();
    const observed: Arm.AgentPool = {
      ...asCreated(desiredPoolForCreate(bare.spec)),
      mode: 'System',
      powerState: { code: 'Stopped' },
      upgradeSettings: { maxSurge: '33%', drainTimeoutInMinutes: 5, undrainableNodeBehavior: 'Cordon' },
    };
    expect(comparePool(bare.spec, observed)).toEqual([]);
  });

  it('never compares the count of an autoscaled pool', () => {
    const auto = nodePool({ spec: { count: 2, autoscaling: { minCount: 1, maxCount: 10 } } });
    const observed = { ...asCreated(desiredPoolForCreate(auto.spec)), count: 9 };
    expect(comparePool(auto.spec, observed)).toEqual([]);
  });

  it('ignores the taint AKS puts on Spot pools', () => {
    const spot = nodePool({ spec: { scaleSetPriority: 'Spot', nodeTaints: [] } });
    const observed = { ...asCreated(desiredPoolForCreate(spot.spec)), nodeTaints: [SPOT_TAINT] };
    expect(comparePool(spot.spec, observed)).toEqual([]);
  });

  it('treats missing upgrade settings as AKS defaults', () => {
    const plain = nodePool();
    const observed = asCreated(desiredPoolForCreate(plain.spec));
    delete observed.upgradeSettings;
    expect(comparePool(plain.spec, observed)).toEqual([]);
  });

  it('asks for an upgrade and never for a downgrade', () => {
    const want134 = nodePool({ spec: { orchestratorVersion: '1.34' } });
    expect(comparePool(want134.spec, azure)).toEqual([expect.objectContaining({ action: 'upgrade' })]);
    const want132 = nodePool({ spec: { orchestratorVersion: '1.32' } });
    expect(comparePool(want132.spec, azure)).toEqual([expect.objectContaining({ action: 'reportOnly' })]);
  });
});
