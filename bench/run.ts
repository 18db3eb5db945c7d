// `npm run bench [-- <scenario> ...]`: runs the chosen benchmark scenarios (default: all) one after the
// other on this machine, prints each figure beside its target, then a summary table.
// Exit status: 0 when every scenario ran (targets missed are reported, not failed), 1 when one failed.
import { controlplaneScenario } from './controlplane-figures.js';
import { drainScenario } from './drain/drain-scenario.js';
import { fleetConvergenceScenario } from './fleet/fleet-convergence-scenario.js';
import { fleetShardedScenario } from './fleet/fleet-sharded-scenario.js';
import { soakScenario } from './fleet/soak-scenario.js';
import { steadyStateScenario } from './fleet/steady-state-scenario.js';
import { memoryScenario } from './memory/memory-scenario.js';
import { reconcileSignalScenario } from './reconcile-signal.js';
import { runScenario } from './runner.js';
import type { ScenarioOutcome } from './runner.js';
import type { Scenario } from './scenario.js';
import { simThroughputScenario } from './sim-throughput.js';
import { renderSummary } from './summary.js';

const SCENARIOS: Scenario[] = [
  reconcileSignalScenario,
  simThroughputScenario,
  controlplaneScenario,
  drainScenario,
  steadyStateScenario,
  soakScenario,
  memoryScenario,
  fleetConvergenceScenario,
  fleetShardedScenario,
];

/** Signals this soon after the first are the same interrupt delivered twice. */
const REPEAT_SIGNAL_MS = 2000;

function choose(names: string[]): Scenario[] {
  if (names.length === 0) return SCENARIOS;
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) {
    const known = SCENARIOS.map((s) => `  ${s.name.padEnd(16)} ${s.title}`).join('\n');
    console.error(`unknown scenario: ${unknown.join(', ')}\nscenarios:\n${known}`);
    process.exit(2);
  }
  return SCENARIOS.filter((s) => names.includes(s.name));
}

async function main(): Promise<void> {
  const chosen = choose(process.argv.slice(2).filter((a) => a !== '--'));
  const interrupt = new AbortController();
  let interruptedAt = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    // A terminal's Ctrl-C reaches us twice (directly and relayed by tsx): only a later one means "now".
    if (interrupt.signal.aborted) {
      if (performance.now() - interruptedAt > REPEAT_SIGNAL_MS) process.exit(130); // exit hooks still clean up
      return;
    }
    interruptedAt = performance.now();
    console.log(`\n${signal}: stopping the running scenario and tearing down (again to leave at once)`);
    interrupt.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const started = performance.now();
  console.log(`bench: ${chosen.map((s) => s.name).join(', ')}`);
  const outcomes: ScenarioOutcome[] = [];
  for (const scenario of chosen) {
    if (interrupt.signal.aborted) break;
    outcomes.push(await runScenario(scenario, interrupt.signal));
  }
  console.log(renderSummary(outcomes));
  console.log(`bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (interrupt.signal.aborted) process.exit(130);
  process.exit(outcomes.some((o) => o.error !== undefined) ? 1 : 0);
}

await main();
