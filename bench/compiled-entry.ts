// Compiles a benchmark child program and everything it imports to JavaScript under .cache/bench/, so the
// child runs as the operator ships (plain node, no TypeScript loader in its memory or its timings).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '../controlplane/index.js';
import { spawnOwned } from './owned-process.js';
import type { ScenarioContext } from './scenario.js';

const COMPILE_TIMEOUT_MS = 3 * 60_000;

/** `entry` relative to the repository, e.g. `bench/memory/informer-child.ts`; returns the .js path. */
export async function compileEntry(ctx: ScenarioContext, entry: string): Promise<string> {
  const root = repoRoot();
  // One directory per run: two runs at once must not delete each other's programs.
  const outDir = join(root, '.cache', 'bench', `${entry.replace(/[/.]/g, '-')}-${process.pid}`);
  await rm(outDir, { recursive: true, force: true });
  ctx.defer(() => rm(outDir, { recursive: true, force: true }));
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  // Type-checking is the test command's job; emitting alone keeps this quick.
  const options = [
    ...['--outDir', outDir, '--rootDir', '.', '--module', 'nodenext', '--moduleResolution', 'nodenext'],
    ...['--target', 'es2022', '--types', 'node', '--skipLibCheck', '--noCheck', '--verbatimModuleSyntax'],
  ];
  const compiler = spawnOwned(process.execPath, [tsc, entry, ...options], { cwd: root });
  ctx.defer(() => compiler.stop());
  const timer = setTimeout(() => void compiler.stop(), COMPILE_TIMEOUT_MS);
  const code = await compiler.exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`cannot compile ${entry} (tsc exit ${code}):\n${compiler.tail()}`);
  return join(outDir, entry.replace(/\.ts$/, '.js'));
}
