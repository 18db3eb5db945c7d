import { checkClusterState } from './cluster-state.js';

describe('checkClusterState', () => {
  it.each([
    {
      name: 'a stopped cluster cannot be upgraded',
      state: { name: 'c1', powerState: 'Stopped', provisioningState: 'Succeeded' },
      reason: 'ClusterStopped',
      severity: 'Error',
    },
    {
      name: 'S44: a cluster with an operation running waits (AKS runs one at a time)',
      state: { name: 'c1', powerState: 'Running', provisioningState: 'Upgrading' },
      reason: 'ClusterBusy',
      severity: 'Retry',
    },
    {
      name: 'a running, settled cluster passes',
      state: { name: 'c1', powerState: 'Running', provisioningState: 'Succeeded' },
      reason: undefined,
      severity: undefined,
    },
    {
      name: 'a cluster whose last operation failed may be retried',
      state: { name: 'c1', powerState: 'Running', provisioningState: 'Failed' },
      reason: undefined,
      severity: undefined,
    },
  ])('$name', ({ state, reason, severity }) => {
    const findings = checkClusterState(state);
    if (!reason) expect(findings).toEqual([]);
    else expect(findings).toEqual([expect.objectContaining({ reason, severity })]);
  });
});
