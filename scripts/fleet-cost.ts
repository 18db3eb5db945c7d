// Prints what a fleet of manifests costs a month from list prices, and what its power schedules and spot
// pools are projected to save: the operator's own arithmetic and schedule reading, over four weeks scaled
// to Azure's 730-hour month.
//   npx tsx scripts/fleet-cost.ts [examples/fleet] [--prices sim/retail-prices-snapshot.json]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { HOURS_PER_MONTH, type ManagedCluster, type NodePool } from '../src/api/index.js';
import { planPower } from '../src/controllers/managed-cluster/power.js';
import { CostEstimator, poolShapeOf, PriceBook, PriceTable, type PoolShape } from '../src/cost/index.js';
import { vmSizeFacts } from '../src/controllers/shared/vm-sizes.js';

const STEP_MS = 15 * 60_000;
const WEEKS = 4;
/** A Monday, so the four weeks hold whole working weeks. */
const FROM = Date.parse('2026-03-02T00:00:00Z');

/** Hours running and stopped per 730-hour month under the cluster's spec and schedule. */
function monthHours(mc: ManagedCluster): { running: number; stopped: number } {
  let stoppedSteps = 0;
  const steps = (WEEKS * 7 * 24 * 3600_000) / STEP_MS;
  for (let i = 0; i < steps; i++) {
    const plan = planPower(mc, FROM + i * STEP_MS);
    if ('desired' in plan && plan.desired === 'Stopped') stoppedSteps++;
  }
  const stopped = (stoppedSteps / steps) * HOURS_PER_MONTH;
  return { running: HOURS_PER_MONTH - stopped, stopped };
}

function shapeOf(np: NodePool): PoolShape | undefined {
  const cacheGiB = vmSizeFacts(np.spec.vmSize)?.cacheGiB ?? 0;
  const osDiskType =
    np.spec.osDiskType ?? (cacheGiB >= (np.spec.osDiskSizeGB ?? 128) ? 'Ephemeral' : 'Managed');
  return poolShapeOf({ ...np.spec, osDiskType }, np.spec.count ?? np.spec.autoscaling?.minCount ?? 0);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const pricesAt = args.indexOf('--prices');
  const pricesPath = pricesAt >= 0 ? (args[pricesAt + 1] ?? '') : 'sim/retail-prices-snapshot.json';
  const dir = args.find((a, i) => !a.startsWith('--') && i !== pricesAt + 1) ?? 'examples/fleet';
  const docs = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as unknown));
  const clusters = docs.filter((d): d is ManagedCluster => (d as ManagedCluster)?.kind === 'ManagedCluster');
  const pools = docs.filter((d): d is NodePool => (d as NodePool)?.kind === 'NodePool');
  const estimator = new CostEstimator(
    new PriceBook({ table: PriceTable.fromFile(pricesPath), clock: { now: () => Date.now() } }),
  );
  const money = (x: number) => x.toFixed(2).padStart(10);
  const rows: string[] = [];
  const total = { running: 0, bill: 0, schedule: 0, spot: 0 };
  for (const mc of clusters) {
    const own = pools.filter((p) => p.spec.clusterRef.name === mc.metadata.name);
    const shapes = own.map(shapeOf).filter((s): s is PoolShape => s !== undefined);
    const answer = await estimator.estimate({
      region: mc.spec.location,
      pools: shapes,
      ...(mc.spec.sku?.tier ? { tier: mc.spec.sku.tier } : {}),
      ...(mc.spec.cost?.discountPercent ? { discountPercent: mc.spec.cost.discountPercent } : {}),
    });
    if ('missing' in answer)
      throw new Error(`${mc.metadata.name}: no price for ${answer.missing.join(', ')}`);
    const r = answer.estimate.rates;
    const hours = monthHours(mc);
    const running = r.running * HOURS_PER_MONTH;
    const bill = r.running * hours.running + r.stopped * hours.stopped;
    const schedule = (r.running - r.stopped) * hours.stopped;
    const spot = (r.regularRunning - r.running) * hours.running;
    total.running += running;
    total.bill += bill;
    total.schedule += schedule;
    total.spot += spot;
    rows.push(
      `${(mc.metadata.name ?? '').padEnd(10)}${r.running.toFixed(4).padStart(9)}${money(running)}` +
        `${hours.stopped.toFixed(1).padStart(11)}${money(bill)}${money(schedule)}${money(spot)}`,
    );
  }
  const currency = 'USD';
  process.stdout.write(
    `Fleet ${dir}, list prices from ${pricesPath} (${currency}, ${HOURS_PER_MONTH}-hour month)\n` +
      `${'cluster'.padEnd(10)}${'rate/h'.padStart(9)}${'always on'.padStart(10)}${'h stopped'.padStart(11)}` +
      `${'projected'.padStart(10)}${'schedule'.padStart(10)}${'spot'.padStart(10)}\n` +
      rows.join('\n') +
      `\n${'total'.padEnd(10)}${''.padStart(9)}${money(total.running)}${''.padStart(11)}${money(total.bill)}` +
      `${money(total.schedule)}${money(total.spot)}\n` +
      `projected savings a month: ${(total.schedule + total.spot).toFixed(2)} ${currency} ` +
      `(schedules ${total.schedule.toFixed(2)}, spot ${total.spot.toFixed(2)})\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
