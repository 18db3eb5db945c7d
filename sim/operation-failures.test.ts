// Injected operation failures: matched by operation name and, when given, by the resource they act on,
// so one agent pool's provisioning (a blue/green twin) can fail while its siblings succeed.
import { Faults } from './faults.js';

const POOL =
  '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1/agentPools';

describe('operation failures', () => {
  it('fails only the operations on the resource it names, as many times as asked', () => {
    const faults = new Faults();
    faults.configure({
      failOperations: [
        {
          match: '^agentPools\\.createOrUpdate$',
          resource: '/agentpools/user1b$',
          code: 'AllocationFailed',
          message: 'no room',
          times: 1,
        },
      ],
    });
    expect(faults.takeFailure('agentPools.createOrUpdate', `${POOL}/user1`)).toBeUndefined();
    expect(faults.takeFailure('agentPools.delete', `${POOL}/user1b`)).toBeUndefined();
    expect(faults.takeFailure('agentPools.createOrUpdate', `${POOL}/user1B`)).toEqual({
      code: 'AllocationFailed',
      message: 'no room',
    });
    expect(faults.takeFailure('agentPools.createOrUpdate', `${POOL}/user1b`)).toBeUndefined();
  });

  it('fails every matching operation when no resource is named', () => {
    const faults = new Faults();
    faults.configure({ failOperations: [{ match: 'createOrUpdate$', code: 'X', message: 'm' }] });
    expect(faults.takeFailure('agentPools.createOrUpdate', `${POOL}/a`)?.code).toBe('X');
    expect(faults.takeFailure('managedClusters.createOrUpdate')?.code).toBe('X');
  });
});
