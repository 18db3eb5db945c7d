import type { LastOperation } from '../../api/index.js';
import { isNotRunning, isRunning, runningCondition, type PowerFacts } from './running-condition.js';

const REASONS = {
  running: 'ClusterRunning',
  stopped: 'ClusterStopped',
  starting: 'Starting',
  stopping: 'Stopping',
  notProvisioned: 'NotProvisioned',
};
const ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1';
const provisioned: PowerFacts = {
  azureResourceID: ID,
  provisioningState: 'Succeeded',
  powerState: 'Running',
};
const inFlight = (type: LastOperation['type']): LastOperation => ({
  type,
  startedAt: '2026-01-01T00:00:00Z',
  result: 'InProgress',
  generation: 1,
});

describe('runningCondition', () => {
  it.each<[string, PowerFacts, string, string]>([
    ['runs when provisioned and powered on', provisioned, 'True', 'ClusterRunning'],
    [
      'runs while Azure updates it',
      { ...provisioned, provisioningState: 'Upgrading' },
      'True',
      'ClusterRunning',
    ],
    [
      'is stopped when Azure reports it stopped',
      { ...provisioned, powerState: 'Stopped' },
      'False',
      'ClusterStopped',
    ],
    ['does not run before it exists in Azure', {}, 'False', 'NotProvisioned'],
    [
      'does not run while Azure creates it',
      { ...provisioned, provisioningState: 'Creating' },
      'False',
      'NotProvisioned',
    ],
    [
      'does not run while its create is in flight',
      { ...provisioned, lastOperation: inFlight('Create') },
      'False',
      'NotProvisioned',
    ],
    [
      'is stopping while the stop it started is in flight',
      { ...provisioned, lastOperation: inFlight('Stop') },
      'False',
      'Stopping',
    ],
    [
      'is stopping while Azure stops it',
      { ...provisioned, provisioningState: 'Stopping' },
      'False',
      'Stopping',
    ],
    [
      'is starting while the start it started is in flight',
      { ...provisioned, powerState: 'Stopped', lastOperation: inFlight('Start') },
      'False',
      'Starting',
    ],
    [
      'is starting while Azure starts it',
      { ...provisioned, provisioningState: 'Starting' },
      'False',
      'Starting',
    ],
    [
      'runs again once a finished stop is followed by a start',
      { ...provisioned, lastOperation: { ...inFlight('Start'), result: 'Succeeded' } },
      'True',
      'ClusterRunning',
    ],
  ])('%s', (_what, facts, status, reason) => {
    expect(runningCondition(facts, REASONS, 'cluster')).toMatchObject({ type: 'Running', status, reason });
  });
});

describe('isRunning and isNotRunning', () => {
  const at = '2026-01-01T00:00:00Z';
  const withRunning = (status: 'True' | 'False' | 'Unknown', reason: string) => ({
    status: { conditions: [{ type: 'Running', status, reason, message: '', lastTransitionTime: at }] },
  });

  it('reads Running True as running and nothing else', () => {
    expect(isRunning(withRunning('True', 'ClusterRunning'))).toBe(true);
    expect(isRunning(withRunning('Unknown', 'Pending'))).toBe(false);
    expect(isRunning({ status: { conditions: [] } })).toBe(false);
    // Ready True says the spec is met, not that the cluster runs.
    expect(
      isRunning({
        status: {
          conditions: [
            { type: 'Ready', status: 'True', reason: 'ClusterStopped', message: '', lastTransitionTime: at },
          ],
        },
      }),
    ).toBe(false);
  });

  it('reads not running only from Running False with one of the reasons asked about', () => {
    expect(isNotRunning(withRunning('False', 'ClusterStopped'), ['ClusterStopped'])).toBe(true);
    expect(isNotRunning(withRunning('False', 'Starting'), ['ClusterStopped', 'Starting'])).toBe(true);
    expect(isNotRunning(withRunning('False', 'Starting'), ['ClusterStopped'])).toBe(false);
    expect(isNotRunning(withRunning('True', 'ClusterRunning'), ['ClusterStopped'])).toBe(false);
    expect(isNotRunning({ status: {} }, ['ClusterStopped'])).toBe(false);
  });
});
