import { checkClusterState, checkVersionAvailable } from './cluster-state.js';

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

describe('checkVersionAvailable', () => {
  const offered = ['1.31.4', '1.32.1', '1.33.2'];
  it.each([
    ['1.32', true],
    ['1.33.2', true],
    ['1.33.1', false],
    ['1.34', false],
  ])('%s offered: %s', (target, ok) => {
    const findings = checkVersionAvailable(target, offered, 'westeurope');
    expect(findings.length === 0).toBe(ok);
    if (!ok) expect(findings[0]?.message).toMatch(/not offered in westeurope/);
  });
});
