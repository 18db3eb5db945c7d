// The final table of a benchmark run: figure | measured | target | holds?, one block per scenario, and the
// scenarios that failed with their error.
import type { ScenarioOutcome } from './runner.js';

function holdsCell(holds: boolean | undefined): string {
  if (holds === undefined) return '—';
  return holds ? 'yes' : 'NO';
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length))) ?? [];
  const line = (r: string[]): string =>
    `| ${r.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const [header, ...body] = rows;
  return [line(header ?? []), rule, ...body.map(line)].join('\n');
}

export function renderSummary(outcomes: ScenarioOutcome[]): string {
  const rows: string[][] = [['figure', 'measured', 'target', 'holds?']];
  for (const { scenario, figures, error } of outcomes) {
    for (const f of figures) {
      rows.push([`${scenario.name}: ${f.figure}`, f.measured, f.target ?? '—', holdsCell(f.holds)]);
    }
    if (error !== undefined) rows.push([`${scenario.name}: (scenario failed)`, 'see above', '—', 'NO']);
  }
  const targets = outcomes.flatMap((o) => o.figures.filter((f) => f.holds !== undefined));
  const missed = targets.filter((f) => f.holds === false).length;
  const failed = outcomes.filter((o) => o.error !== undefined).map((o) => o.scenario.name);
  const totals = [
    `${targets.length - missed} of ${targets.length} targets hold`,
    ...(failed.length > 0 ? [`failed scenarios: ${failed.join(', ')}`] : []),
  ];
  return `\n=== summary ===\n${table(rows)}\n${totals.join('; ')}\n`;
}
