import type * as Arm from '@azure/arm-containerservice';
import { nodePool } from '../testing/objects.js';
import { desiredPoolForCreate, desiredPoolForUpdate, SPOT_TAINT } from './desired.js';

const observed: Arm.AgentPool = {
  count: 3,
  vmSize: 'Standard_D4s_v3',
  mode: 'User',
  orchestratorVersion: '1.32',
  currentOrchestratorVersion: '1.32.7',
  powerState: { code: 'Running' },
};

describe('desired node pool', () => {
  it('creates a Spot pool with its eviction policy and price', () => {
    const np = nodePool({
      spec: { scaleSetPriority: 'Spot', spot: { evictionPolicy: 'Deallocate', maxPrice: 0.05 } },
    });
    expect(desiredPoolForCreate(np.spec)).toMatchObject({
      scaleSetPriority: 'Spot',
      scaleSetEvictionPolicy: 'Deallocate',
      spotMaxPrice: 0.05,
    });
  });

  it('creates an autoscaled pool at its declared initial size', () => {
    const np = nodePool({ spec: { count: 3, autoscaling: { minCount: 1, maxCount: 5 } } });
    expect(desiredPoolForCreate(np.spec)).toMatchObject({
      count: 3,
      enableAutoScaling: true,
      minCount: 1,
      maxCount: 5,
    });
  });

  it("keeps the autoscaler's count on an update", () => {
    const np = nodePool({
      spec: { count: 2, autoscaling: { minCount: 1, maxCount: 9 }, nodeLabels: { a: 'b' } },
    });
    const body = desiredPoolForUpdate(
      np.spec,
      { ...observed, enableAutoScaling: true, minCount: 1, maxCount: 9, count: 7 },
      { isUpgradeAllowed: true },
    );
    expect(body.count).toBe(7);
  });

  it('keeps the running version unless an allowed upgrade is asked for; never lowers it', () => {
    const none = desiredPoolForUpdate(nodePool().spec, observed, { isUpgradeAllowed: true });
    expect(none.orchestratorVersion).toBe('1.32');
    const lower = desiredPoolForUpdate(nodePool({ spec: { orchestratorVersion: '1.31' } }).spec, observed, {
      isUpgradeAllowed: true,
    });
    expect(lower.orchestratorVersion).toBe('1.32');
    const blocked = desiredPoolForUpdate(nodePool({ spec: { orchestratorVersion: '1.33' } }).spec, observed, {
      isUpgradeAllowed: false,
    });
    expect(blocked.orchestratorVersion).toBe('1.32');
    const allowed = desiredPoolForUpdate(nodePool({ spec: { orchestratorVersion: '1.33' } }).spec, observed, {
      isUpgradeAllowed: true,
    });
    expect(allowed.orchestratorVersion).toBe('1.33');
  });

  it('keeps the Spot taint AKS added when replacing taints', () => {
    const np = nodePool({ spec: { scaleSetPriority: 'Spot', nodeTaints: ['a=b:NoSchedule'] } });
    const body = desiredPoolForUpdate(
      np.spec,
      { ...observed, nodeTaints: [SPOT_TAINT] },
      { isUpgradeAllowed: true },
    );
    expect(body.nodeTaints).toEqual(['a=b:NoSchedule', SPOT_TAINT]);
  });
});
