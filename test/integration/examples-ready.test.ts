// The example fleet reaches Ready: every ManagedCluster, NodePool and NodePoolSnapshot of examples/fleet,
// applied as shipped (only the namespace changed) to the real API server, reconciled by the operator
// against the simulator. The operator's clock reads a Wednesday morning so the dev cluster's office-hours
// schedule keeps it running: every cluster and pool is Running as well as Ready, and shows its hourly cost
// (the Cost/h column) from the simulator's list prices. Then the clock moves through the night: dev stops
// at 19:00 and starts at 07:45, and its status shows the hours stopped and what they saved; staging and
// prod, which run all night, saved nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { createVNetFromFile } from '../../sim/testing/networks.js';
import { GROUP, VERSION } from '../../src/api/index.js';
import type { CostSavings } from '../../src/api/index.js';
import { useOperatorWorld } from '../support/operator-world.js';
import { ShiftedClock } from '../support/shifted-clock.js';
import { waitFor } from '../support/wait.js';
import { managementKubeConfig } from '../support/world.js';

const FLEET = join(process.cwd(), 'examples', 'fleet');
// Wednesday 2026-03-04 in Amsterdam (UTC+1): 10:00, then 19:00 (dev's stop), then Thursday 07:45 (08:00
// minus dev's 15-minute lead: its start).
const OFFICE_HOURS = '2026-03-04T09:00:00Z';
const EVENING = '2026-03-04T18:00:00Z';
const MORNING = '2026-03-05T06:45:00Z';
const NIGHT_HOURS = 12.75;
/** The schedule is read again at each resync, so a moved clock is seen within this. */
const RESYNC_MS = 2000;

const clock = new ShiftedClock();
clock.setTo(OFFICE_HOURS, 0);

function fleetObjects(namespace: string): KubernetesObject[] {
  return readdirSync(FLEET)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) =>
      parseAllDocuments(readFileSync(join(FLEET, f), 'utf8')).map((d) => d.toJS() as KubernetesObject | null),
    )
    .filter((o): o is KubernetesObject => o !== null && o.kind !== 'Namespace')
    .map((o) => ({ ...o, metadata: { ...o.metadata, namespace } }));
}

interface Conditioned extends KubernetesObject {
  status?: {
    conditions?: { type: string; status: string; reason?: string }[];
    powerState?: string;
    cost?: { hourlyRate?: string; source?: string; savings?: CostSavings };
  };
}

const isTrue = (o: Conditioned, type: string): boolean =>
  o.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;

/** Ready, and for clusters and pools Running too: a stopped one is Ready, and none should be stopped now. */
const isReady = (o: Conditioned): boolean =>
  isTrue(o, 'Ready') && (o.kind === 'NodePoolSnapshot' || isTrue(o, 'Running'));

const world = useOperatorWorld();

describe('the example fleet', () => {
  it('reaches Ready and is priced, and after a night on its schedule dev shows the hours stopped and what they saved', async () => {
    const { objects } = await world.start('examples', RESYNC_MS, { clock });
    // The Azure side the fleet expects to exist: prod's pools join subnets of this VNet.
    await createVNetFromFile(world.sim, join(process.cwd(), 'examples', 'azure', 'prod-vnet.json'));
    const namespace = objects.namespace;
    const api = KubernetesObjectApi.makeApiClient(managementKubeConfig());
    const shipped = fleetObjects(namespace);
    for (const obj of shipped) await api.create(obj);
    const ours = shipped.filter((o) => o.apiVersion === `${GROUP}/${VERSION}`);
    /** The object as the API server has it now. */
    const live = async (kind: string, name: string): Promise<Conditioned> =>
      (await api.read({
        apiVersion: `${GROUP}/${VERSION}`,
        kind,
        metadata: { name, namespace },
      })) as Conditioned;
    expect(ours.length).toBeGreaterThanOrEqual(16);

    const notReady = await waitFor(
      async () => {
        const pending: string[] = [];
        for (const o of ours) {
          const now = await live(o.kind ?? '', o.metadata?.name ?? '');
          if (!isReady(now)) {
            const reason =
              now.status?.conditions
                ?.filter((c) => c.type === 'Ready' || c.type === 'Running')
                .map((c) => `${c.type} ${c.status} ${c.reason ?? ''}`)
                .join(', ') || 'no status';
            pending.push(`${o.kind}/${o.metadata?.name ?? ''} (${reason})`);
          }
        }
        return pending;
      },
      {
        timeoutMs: 120_000,
        intervalMs: 500,
        message: 'every example object to be Ready',
        until: (p) => p.length === 0,
      },
    );
    expect(notReady).toEqual([]);

    const priced = ours.filter((o) => o.kind === 'ManagedCluster' || o.kind === 'NodePool');
    const unpriced = await waitFor(
      async () => {
        const pending: string[] = [];
        for (const o of priced) {
          const now = await live(o.kind ?? '', o.metadata?.name ?? '');
          const cost = now.status?.cost;
          if (!/^[0-9]+[.][0-9]{4}$/.test(cost?.hourlyRate ?? '') || cost?.source !== 'RetailPricesAPI')
            pending.push(`${o.kind}/${o.metadata?.name ?? ''}`);
        }
        return pending;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 500,
        message: 'every cluster and pool to show its cost',
        until: (p) => p.length === 0,
      },
    );
    expect(unpriced).toEqual([]);

    // The night: dev stops at 19:00 and starts at 07:45; staging and prod run on.
    const cluster = (name: string): Promise<Conditioned> => live('ManagedCluster', name);
    const devWhen = (what: string, until: (o: Conditioned) => boolean): Promise<Conditioned> =>
      waitFor(() => cluster('dev'), { timeoutMs: 90_000, intervalMs: 500, message: `dev ${what}`, until });
    clock.setTo(EVENING, 3000);
    const night = await devWhen(
      'stopped by its schedule',
      (o) => o.status?.powerState === 'Stopped' && o.status.cost?.savings?.stopped === true,
    );
    const perHour = Number(night.status?.cost?.savings?.stopSavingsPerHour);
    expect(perHour).toBeGreaterThan(0);
    clock.setTo(MORNING, 3000);
    const morning = await devWhen(
      'started by its schedule',
      (o) => o.status?.powerState === 'Running' && o.status.cost?.savings?.stopped === false,
    );
    const saved = morning.status?.cost?.savings;
    const stoppedHours = Number(saved?.stoppedHours);
    process.stderr.write(
      `[examples] dev after the night: ${saved?.stoppedHours ?? '?'} h stopped, ${saved?.stopSavings ?? '?'} USD saved (${perHour} USD per stopped hour)\n`,
    );
    expect(stoppedHours).toBeGreaterThan(NIGHT_HOURS - 0.1);
    expect(stoppedHours).toBeLessThanOrEqual(NIGHT_HOURS + 0.01);
    expect(Number(saved?.stopSavings)).toBeCloseTo(stoppedHours * perHour, 2);
    for (const name of ['staging', 'prod']) {
      const o = await cluster(name);
      expect(o.status?.powerState).toBe('Running');
      expect(Number(o.status?.cost?.savings?.stoppedHours ?? '0')).toBe(0);
    }
  });
});
