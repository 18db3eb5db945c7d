import type * as Arm from '@azure/arm-containerservice';
import { DiffAction, type FieldDiff } from '../shared/field-diff.js';
import { decideBeforeAzure, decideSnapshot, type SnapshotDecision, type SnapshotFacts } from './decide.js';
import { NodePoolSnapshotReason } from '../../api/index.js';
import type { SnapshotSource, SourceResolution } from './source.js';
import { POOL_ID, SNAPSHOT_ID, snapshot } from './testing/objects.js';

const byPool: SnapshotSource = {
  poolId: POOL_ID,
  kind: 'nodePool',
  describe: 'NodePool user1',
  location: 'eastus',
};
const byId: SnapshotSource = {
  poolId: POOL_ID,
  kind: 'resourceId',
  describe: 'agent pool user1 of cluster c1',
};
const resolved = (source: SnapshotSource = byPool): SourceResolution => ({ state: 'resolved', source });
const missing: SourceResolution = { state: 'missing', message: 'NodePool user1 does not exist (yet)' };
const notReady = resolved({ ...byPool, notReady: 'NodePool user1 is not Ready yet' });

/** The decision's action, and its reason when it refuses. */
function summary(d: SnapshotDecision | undefined): string | undefined {
  if (!d) return undefined;
  return d.action === 'refuse' ? `refuse:${d.problem.reason}` : d.action;
}

describe('decideBeforeAzure', () => {
  it.each<[string, Parameters<typeof snapshot>[0], SourceResolution, string | undefined, string | undefined]>(
    [
      ['asks Azure when a Ready pool is to be snapshotted', {}, resolved(), undefined, undefined],
      ['waits for a NodePool that does not exist yet', {}, missing, undefined, 'wait'],
      ['waits for a NodePool that is not Ready yet', {}, notReady, undefined, 'wait'],
      [
        "refuses a region other than the cluster's, without asking Azure",
        { location: 'westus' },
        resolved(),
        undefined,
        `refuse:${NodePoolSnapshotReason.LocationMismatch}`,
      ],
      [
        'refuses the region even while the pool is not Ready',
        { location: 'westus' },
        notReady,
        undefined,
        `refuse:${NodePoolSnapshotReason.LocationMismatch}`,
      ],
      ["accepts the cluster's region spelled out", { location: 'eastus' }, resolved(), undefined, undefined],
      ['asks Azure about a recorded snapshot whose NodePool is gone', {}, missing, SNAPSHOT_ID, undefined],
      ['asks Azure about a recorded snapshot whose NodePool is busy', {}, notReady, SNAPSHOT_ID, undefined],
      [
        'leaves the region of an ARM ID source to Azure',
        { sourceResourceID: POOL_ID, location: 'westus' },
        resolved(byId),
        undefined,
        undefined,
      ],
      [
        'refuses a spec that names no source',
        {},
        { state: 'invalid', problem: { reason: 'InvalidSpec', message: 'no source' } },
        undefined,
        'refuse:InvalidSpec',
      ],
    ],
  )('%s', (_what, spec, resolution, recordedId, expected) => {
    expect(summary(decideBeforeAzure({ spec: snapshot(spec).spec, resolution, recordedId }))).toBe(expected);
  });
});

const tagsDiff: FieldDiff = {
  path: 'spec.tags',
  action: DiffAction.Tags,
  azure: '{}',
  wanted: '{"env":"prod"}',
};
const sourceDiff: FieldDiff = {
  path: 'spec.nodePoolRef',
  action: DiffAction.Immutable,
  azure: 'other',
  wanted: POOL_ID,
};
const locationDiff: FieldDiff = {
  path: 'spec.location',
  action: DiffAction.Immutable,
  azure: 'eastus',
  wanted: 'westus',
};
const existing: Arm.Snapshot = { location: 'eastus', creationData: { sourceResourceId: POOL_ID } };

function facts(overrides: Partial<SnapshotFacts> & { spec?: SnapshotFacts['spec'] }): SnapshotFacts {
  return {
    spec: snapshot().spec,
    observed: undefined,
    diffs: [],
    resolution: resolved(),
    recordedId: undefined,
    ...overrides,
  };
}

describe('decideSnapshot', () => {
  it.each<[string, SnapshotFacts, string]>([
    ['takes the snapshot of a Ready pool', facts({}), 'create'],
    ['is in sync when Azure matches', facts({ observed: existing }), 'inSync'],
    [
      'replaces changed tags with one PATCH',
      facts({ observed: existing, diffs: [tagsDiff], spec: snapshot({ tags: { env: 'prod' } }).spec }),
      'updateTags',
    ],
    [
      'refuses a snapshot taken from another pool',
      facts({ observed: existing, diffs: [sourceDiff, tagsDiff] }),
      `refuse:${NodePoolSnapshotReason.SourceChanged}`,
    ],
    [
      'refuses a snapshot in another region',
      facts({ observed: existing, diffs: [locationDiff] }),
      `refuse:${NodePoolSnapshotReason.LocationMismatch}`,
    ],
    [
      'does not take a new snapshot when the recorded one vanished',
      facts({ recordedId: SNAPSHOT_ID }),
      `refuse:${NodePoolSnapshotReason.NotFoundInAzure}`,
    ],
    ['waits for a missing source', facts({ resolution: missing }), 'wait'],
    ['waits for a source that is not Ready', facts({ resolution: notReady }), 'wait'],
    [
      'takes the snapshot of an ARM ID source that exists and is idle',
      facts({
        spec: snapshot({ sourceResourceID: POOL_ID }).spec,
        resolution: resolved(byId),
        sourcePool: { exists: true, provisioningState: 'Succeeded', location: 'eastus' },
      }),
      'create',
    ],
    [
      'waits for an ARM ID source that Azure does not have',
      facts({
        spec: snapshot({ sourceResourceID: POOL_ID }).spec,
        resolution: resolved(byId),
        sourcePool: { exists: false },
      }),
      'wait',
    ],
    [
      'waits while an operation runs on an ARM ID source',
      facts({
        spec: snapshot({ sourceResourceID: POOL_ID }).spec,
        resolution: resolved(byId),
        sourcePool: { exists: true, provisioningState: 'Upgrading', location: 'eastus' },
      }),
      'wait',
    ],
    [
      'refuses a region other than that of an ARM ID source, before the PUT',
      facts({
        spec: snapshot({ sourceResourceID: POOL_ID, location: 'westus' }).spec,
        resolution: resolved(byId),
        sourcePool: { exists: true, provisioningState: 'Succeeded', location: 'eastus' },
      }),
      `refuse:${NodePoolSnapshotReason.LocationMismatch}`,
    ],
  ])('%s', (_what, f, expected) => {
    expect(summary(decideSnapshot(f))).toBe(expected);
  });

  it("creates in the source cluster's region from the source pool", () => {
    expect(decideSnapshot(facts({}))).toEqual({ action: 'create', poolId: POOL_ID, location: 'eastus' });
  });

  it('creates in the region Azure reports for an ARM ID source', () => {
    const d = decideSnapshot(
      facts({
        spec: snapshot({ sourceResourceID: POOL_ID }).spec,
        resolution: resolved(byId),
        sourcePool: { exists: true, location: 'northeurope' },
      }),
    );
    expect(d).toEqual({ action: 'create', poolId: POOL_ID, location: 'northeurope' });
  });

  it("sends the spec's whole tag set, so removed keys go", () => {
    const d = decideSnapshot(
      facts({
        observed: { ...existing, tags: { a: '1', b: '2' } },
        diffs: [tagsDiff],
        spec: snapshot({ tags: { a: '1' } }).spec,
      }),
    );
    expect(d).toMatchObject({ action: 'updateTags', tags: { a: '1' } });
  });

  it('tells the user to create a new snapshot when the source changed', () => {
    const d = decideSnapshot(facts({ observed: existing, diffs: [sourceDiff] }));
    expect(d.action === 'refuse' && d.problem.message).toMatch(/create a new NodePoolSnapshot/);
  });
});
