import type { ManagedCluster } from '../../api/index.js';
import { scheduledHours } from './scheduled-hours.js';

const HOUR = 3600_000;

function cluster(spec: Partial<ManagedCluster['spec']>): ManagedCluster {
  return {
    apiVersion: 'aks.lifecycle.dev/v1alpha1',
    kind: 'ManagedCluster',
    metadata: { name: 'dev', namespace: 'fleet' },
    spec: { location: 'westeurope', resourceGroup: 'rg', ...spec } as ManagedCluster['spec'],
  };
}

describe('hours a schedule runs and stops a cluster', () => {
  it('counts a working week of 08:00-19:00 in UTC: 55 hours running, 113 stopped', () => {
    const mc = cluster({
      powerSchedule: {
        timeZone: 'UTC',
        startCron: '0 8 * * 1-5',
        stopCron: '0 19 * * 1-5',
        startLeadMinutes: 0,
      },
    });
    // Monday 2026-03-02 00:00 UTC, one week.
    const from = Date.parse('2026-03-02T00:00:00Z');
    const hours = scheduledHours(mc, true)(from, from + 7 * 24 * HOUR);
    expect(hours.running).toBeCloseTo(55, 6);
    expect(hours.stopped).toBeCloseTo(113, 6);
  });

  it('keeps the current state without a schedule or power state', () => {
    const from = Date.parse('2026-03-02T00:00:00Z');
    expect(scheduledHours(cluster({}), true)(from, from + 10 * HOUR)).toEqual({ running: 0, stopped: 10 });
  });
});
