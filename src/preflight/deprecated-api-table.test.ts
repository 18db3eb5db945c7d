import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DEFAULT_TABLE_URL,
  RemovedApiTableError,
  isRemovedApiTableError,
  loadRemovedApiTable,
} from './deprecated-api-table.js';

const ROW = 'apis:\n  - { apiVersion: policy/v1beta1, kind: PodDisruptionBudget, removedIn: "1.25" }\n';

describe('loadRemovedApiTable', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'removed-api-table-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the table shipped beside the module', async () => {
    expect(DEFAULT_TABLE_URL.pathname.endsWith('/data/deprecated-apis.yaml')).toBe(true);
    expect((await loadRemovedApiTable()).length).toBeGreaterThan(0);
  });

  it('rejects a missing file with RemovedApiTableError naming the file, not a cluster error', async () => {
    const url = pathToFileURL(join(dir, 'deprecated-apis.yaml'));
    const err: unknown = await loadRemovedApiTable(url).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isRemovedApiTableError(err)).toBe(true);
    expect((err as RemovedApiTableError).message).toContain(url.pathname);
    expect((err as RemovedApiTableError).cause).toMatchObject({ code: 'ENOENT' });
  });

  it('rejects a file that is not the table with RemovedApiTableError', async () => {
    const path = join(dir, 'deprecated-apis.yaml');
    writeFileSync(path, 'kind: SomethingElse\n');
    await expect(loadRemovedApiTable(pathToFileURL(path))).rejects.toBeInstanceOf(RemovedApiTableError);
  });

  it('does not remember a failed load: the file is read again once it is there', async () => {
    const path = join(dir, 'deprecated-apis.yaml');
    const url = pathToFileURL(path);
    await expect(loadRemovedApiTable(url)).rejects.toBeInstanceOf(RemovedApiTableError);
    writeFileSync(path, ROW);
    await expect(loadRemovedApiTable(url)).resolves.toMatchObject([
      { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', removedIn: '1.25' },
    ]);
  });

  it('remembers a table once it has loaded', async () => {
    const path = join(dir, 'deprecated-apis.yaml');
    writeFileSync(path, ROW);
    const first = await loadRemovedApiTable(pathToFileURL(path));
    rmSync(path);
    expect(await loadRemovedApiTable(pathToFileURL(path))).toBe(first);
  });
});
