// The Helm chart's generated parts and its rendering. The chart carries copies of crds/ (from
// generate-crds.ts) and health/argocd/*.lua; `npx tsx scripts/render-chart.ts` refreshes them and prints
// `helm template` of the default values. Tests render through renderChart, i.e. with the real helm.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { Kind } from '../src/api/index.js';
import { ensureTool, ROOT } from './go-tools.js';

const run = promisify(execFile);

export const CHART_NAME = 'aks-lifecycle-operator';
export const CHART_DIR = join(ROOT, 'charts', CHART_NAME);
export const CRD_SOURCE_DIR = join(ROOT, 'crds');
export const HEALTH_SOURCE_DIR = join(ROOT, 'health', 'argocd');
/** Every kind, in the order the chart's Argo CD ConfigMap lists them. */
export const KINDS: readonly Kind[] = Object.values(Kind);

/** A Kubernetes object as rendered (loosely typed: tests read fields by path). */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** Chart path (relative to the chart) → expected text, for every file copied into the chart. */
export function chartCopies(): Map<string, string> {
  const copies = new Map<string, string>();
  for (const file of readdirSync(CRD_SOURCE_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    copies.set(join('crds', file), readFileSync(join(CRD_SOURCE_DIR, file), 'utf8'));
  }
  for (const kind of KINDS) {
    copies.set(
      join('files', 'argocd', `${kind}.lua`),
      readFileSync(join(HEALTH_SOURCE_DIR, `${kind}.lua`), 'utf8'),
    );
  }
  return copies;
}

/** Writes the copies into the chart and removes copied CRDs whose source is gone. */
export function syncChart(): number {
  const copies = chartCopies();
  const chartCrds = join(CHART_DIR, 'crds');
  for (const file of readdirSync(chartCrds)) {
    if (!copies.has(join('crds', file))) rmSync(join(chartCrds, file));
  }
  for (const [path, text] of copies) writeFileSync(join(CHART_DIR, path), text);
  return copies.size;
}

export interface RenderOptions {
  releaseName?: string;
  namespace?: string;
  /** Merged over values.yaml, like `helm template -f`. */
  values?: Record<string, unknown>;
  /** Include the chart's crds/ in the output (`--include-crds`). */
  includeCrds?: boolean;
}

export const DEFAULT_RELEASE = CHART_NAME;
export const DEFAULT_NAMESPACE = 'aks-lifecycle-system';

/** Runs `helm <args>` and returns stdout; a failing helm throws with its stderr in the message. */
export async function helm(args: string[], options: { timeoutMs?: number } = {}): Promise<string> {
  const binary = await ensureTool('helm');
  try {
    const { stdout } = await run(binary, args, {
      timeout: options.timeoutMs ?? 120_000,
      maxBuffer: 64 << 20,
      // helm keeps caches and repository config under these; the user's home stays untouched.
      env: {
        ...process.env,
        HELM_CACHE_HOME: join(tmpdir(), 'aks-lo-helm', 'cache'),
        HELM_CONFIG_HOME: join(tmpdir(), 'aks-lo-helm', 'config'),
        HELM_DATA_HOME: join(tmpdir(), 'aks-lo-helm', 'data'),
      },
    });
    return stdout;
  } catch (err: unknown) {
    const stderr = err instanceof Error && 'stderr' in err ? String(err.stderr).trim() : '';
    throw new Error(`helm ${args[0] ?? ''} failed: ${stderr || String(err)}`, { cause: err });
  }
}

/** Runs `fn` with a values file holding `values`, removed afterwards. */
export async function withValuesFile<T>(
  values: Record<string, unknown> | undefined,
  fn: (args: string[]) => Promise<T>,
): Promise<T> {
  if (!values) return fn([]);
  const dir = await mkdtemp(join(tmpdir(), 'aks-lo-values-'));
  try {
    const path = join(dir, 'values.json');
    await writeFile(path, JSON.stringify(values));
    return await fn(['--values', path]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `helm template` of the chart: the YAML stream helm prints. */
export async function renderChartText(options: RenderOptions = {}): Promise<string> {
  return withValuesFile(options.values, (valueArgs) =>
    helm([
      'template',
      options.releaseName ?? DEFAULT_RELEASE,
      CHART_DIR,
      '--namespace',
      options.namespace ?? DEFAULT_NAMESPACE,
      ...(options.includeCrds ? ['--include-crds'] : []),
      ...valueArgs,
    ]),
  );
}

/** The objects of a YAML stream, empty documents dropped. */
export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0)
        throw new Error(`invalid YAML in rendered chart: ${doc.errors[0]?.message ?? ''}`);
      return doc.toJS() as Manifest | null;
    })
    .filter((m): m is Manifest => m !== null && typeof m === 'object');
}

/** `helm template` of the chart, parsed. */
export async function renderChart(options: RenderOptions = {}): Promise<Manifest[]> {
  return parseManifests(await renderChartText(options));
}

async function main(): Promise<void> {
  const copied = syncChart();
  process.stderr.write(`synced ${copied} files into ${CHART_DIR}\n`);
  process.stdout.write(await renderChartText({ includeCrds: true }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
