// Real: the management cluster with the CRDs, the operator in-process, the ARM SDK over HTTPS, real
// timers. Simulated: Azure (the AKS simulator), and the wall clock the operator reads, shifted to a few
// seconds before the scheduled times. Proves a power schedule stops the cluster at 19:00 in its time
// zone, starts it startLeadMinutes before 08:00 the next working day, and shows the next change in status;
// stopped by its schedule, the cluster is Ready (reason ClusterStopped) and not Running.
import type * as Arm from '@azure/arm-containerservice';
import type { Simulator } from '../../sim/index.js';
import { sdkClient } from '../../sim/testing/sdk-client.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import {
  ensureCrds,
  Objects,
  startTestSimulator,
  SUBSCRIPTION,
  TestOperator,
  writeOperations,
} from '../support/operator.js';
import { ShiftedClock } from '../support/shifted-clock.js';
import { managementKubeConfig } from '../support/world.js';

let sim: Simulator;
let azure: Arm.ContainerServiceClient;
let ns: TestNamespace | undefined;
let operator: TestOperator | undefined;
let objects: Objects | undefined;

beforeAll(async () => {
  await ensureCrds();
  sim = await startTestSimulator();
  azure = sdkClient(sim, { subscriptionId: SUBSCRIPTION }).client;
});

afterAll(async () => {
  await sim?.close();
});

afterEach(async () => {
  await operator?.stop();
  await objects?.releaseAll();
  await ns?.delete();
});

// Monday 2026-03-02 in Tokyo (UTC+9, no daylight saving): 19:00 local is 10:00 UTC; Tuesday 07:45 local
// (08:00 minus the 15-minute lead) is Monday 22:45 UTC.
const STOP_AT = '2026-03-02T10:00:00Z';
const START_AT = '2026-03-02T22:45:00Z';

describe('ManagedCluster power schedule', () => {
  it('stops at 19:00 local time and starts ahead of 08:00 the next working day', async () => {
    ns = await createTestNamespace(managementKubeConfig(), 'mc-schedule');
    objects = new Objects(ns.name);
    const clock = new ShiftedClock();
    clock.setTo(STOP_AT, 5_000);
    // The resync lets the operator notice that the clock was moved forward between the two changes.
    operator = await new TestOperator({ sim, namespaces: [ns.name], clock, resyncPeriodMs: 1000 }).start();
    const rg = `rg-${ns.name}`;
    await objects.createCluster('c1', {
      subscriptionId: SUBSCRIPTION,
      resourceGroup: rg,
      location: 'japaneast',
      kubernetesVersion: '1.33',
      systemPool: { vmSize: 'Standard_D4s_v3', count: 1 },
      powerSchedule: {
        timeZone: 'Asia/Tokyo',
        startCron: '0 8 * * 1-5',
        stopCron: '0 19 * * 1-5',
        startLeadMinutes: 15,
      },
    });
    const ready = await objects.clusterReady('c1');
    expect(ready.status?.nextScheduledPowerChange).toEqual({ powerState: 'Stopped', at: STOP_AT });

    const stopped = await objects.waitForCluster(
      'c1',
      'stopped by the schedule',
      (mc) => mc.status?.powerState === 'Stopped',
    );
    expect(stopped.status?.nextScheduledPowerChange).toEqual({ powerState: 'Running', at: START_AT });
    // Stopped by its schedule, the cluster meets its spec: Ready, not Running.
    const night = await objects.waitForCondition('cluster', 'c1', {
      type: 'Ready',
      status: 'True',
      reason: 'ClusterStopped',
    });
    expect(night.status?.conditions?.find((c) => c.type === 'Running')).toMatchObject({
      status: 'False',
      reason: 'ClusterStopped',
    });
    expect(Date.parse(stopped.status?.lastOperation?.startedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(STOP_AT),
    );
    expect((await azure.managedClusters.get(rg, 'c1')).powerState?.code).toBe('Stopped');

    clock.setTo(START_AT, 3_000);
    const started = await objects.waitForCluster(
      'c1',
      'started by the schedule',
      (mc) => mc.status?.powerState === 'Running',
    );
    const startedAt = Date.parse(started.status?.lastOperation?.startedAt ?? '');
    expect(started.status?.lastOperation?.type).toBe('Start');
    expect(startedAt).toBeGreaterThanOrEqual(Date.parse(START_AT));
    expect(startedAt).toBeLessThan(Date.parse('2026-03-02T23:00:00Z'));
    expect(started.status?.nextScheduledPowerChange).toEqual({
      powerState: 'Stopped',
      at: '2026-03-03T10:00:00Z',
    });
    expect(writeOperations(sim, rg)).toEqual([
      'managedClusters.createOrUpdate',
      'managedClusters.stop',
      'managedClusters.start',
    ]);
  });
});
