// Condition and event reasons are API: they live in src/api, one documented line each, and the rest of
// the operator names them through those objects. This fails on a reason written as a string literal
// anywhere else in src/, so a new reason cannot bypass the API (and, through the troubleshooting test,
// its documentation).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const API = fileURLToPath(new URL('.', import.meta.url));
/** `reason` set to (or choosing between) one-word CamelCase string literals. */
const LITERAL_REASON = /\breason\b\s*(?::|=(?!=))[^;\n]*?(['"`])[A-Z][A-Za-z0-9]*\1/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' ? [] : sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** `file:line` of each reason literal outside src/api. */
function reasonLiterals(files: readonly string[], read = (f: string) => readFileSync(f, 'utf8')): string[] {
  return files.flatMap((file) =>
    read(file)
      .split('\n')
      .flatMap((line, i) => (LITERAL_REASON.test(line) ? [`${relative(SRC, file)}:${i + 1}`] : [])),
  );
}

describe('reasons outside src/api', () => {
  it('names every condition and event reason through the API objects, never as a literal', () => {
    // runtime/ knows nothing of the operator's kinds (it may not import the API): its few generic
    // defaults stay its own.
    const RUNTIME = join(SRC, 'runtime');
    const files = sources(SRC).filter((f) => !f.startsWith(API) && !f.startsWith(RUNTIME));
    expect(reasonLiterals(files)).toEqual([]);
  });

  it('finds a literal reason, and lets one named through an API object pass', () => {
    const text: Record<string, string> = {
      'a.ts': "report({ reason: 'SomethingNew', message })",
      'b.ts': 'report({ reason: NodePoolReason.UpToDate, message })',
      'c.ts': "const reason = isRevert ? 'RevertingDrift' : undefined;",
    };
    expect(reasonLiterals(Object.keys(text), (f) => text[f] ?? '')).toEqual([
      `${relative(SRC, 'a.ts')}:1`,
      `${relative(SRC, 'c.ts')}:1`,
    ]);
  });
});
