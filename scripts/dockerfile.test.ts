// The Dockerfile, read as Docker reads it (no engine here to build it): a build stage with dev
// dependencies, a runtime stage with production dependencies only, a non-root user, sources that exist
// in the repository and are not excluded by .dockerignore, and a command that runs the compiled main.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './go-tools.js';

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

  it('builds with dev dependencies and compiles with the build tsconfig', () => {
    const build = stageNamed('build') as Stage;
    expect(runs(build)).toContainEqual(expect.stringMatching(/^npm ci(?!.*--omit=dev)/));
    expect(runs(build)).toContainEqual(expect.stringContaining('tsc -p tsconfig.build.json'));
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
