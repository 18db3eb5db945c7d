// The pure decisions of one NodePoolSnapshot reconcile: what can be settled before any Azure call (a
// refused region, a source that is not there or not Ready yet), then, from what Azure has, at most one
// write. An Azure snapshot never changes except its tags.
import type * as Arm from '@azure/arm-containerservice';
import type { NodePoolSnapshotSpec } from '../../api/index.js';
import { DiffAction, describeDiffs, type FieldDiff } from '../shared/field-diff.js';
import { isTerminal } from '../shared/provisioning-state.js';
import type { SpecProblem } from '../shared/spec-problem.js';
import { sameLocation } from './desired.js';
import { NodePoolSnapshotReason } from '../../api/index.js';
import type { SnapshotSource, SourceResolution } from './source.js';

export type SnapshotDecision =
  /** Something else must happen first; come back later. */
  | { action: 'wait'; message: string }
  /** Stop until the spec changes. */
  | { action: 'refuse'; problem: SpecProblem }
  /** PUT the snapshot (synchronous). */
  | { action: 'create'; poolId: string; location: string }
  /** PATCH the tags (replaced as a whole). */
  | { action: 'updateTags'; tags: Record<string, string>; diffs: FieldDiff[] }
  | { action: 'inSync' };

export interface BeforeAzureInput {
  spec: NodePoolSnapshotSpec;
  resolution: SourceResolution;
  /** status.azureResourceID: the snapshot was created (or found) before. */
  recordedId: string | undefined;
}

/** What is decided without Azure; undefined when Azure must be asked. */
export function decideBeforeAzure(input: BeforeAzureInput): SnapshotDecision | undefined {
  const { resolution } = input;
  if (resolution.state === 'invalid') return { action: 'refuse', problem: resolution.problem };
  if (resolution.state === 'resolved') {
    const mismatch = locationMismatch(input.spec, resolution.source, resolution.source.location);
    if (mismatch) return { action: 'refuse', problem: mismatch };
  }
  // Once taken, the snapshot no longer depends on its source.
  if (input.recordedId) return undefined;
  if (resolution.state === 'missing') return { action: 'wait', message: resolution.message };
  if (resolution.source.notReady) return { action: 'wait', message: resolution.source.notReady };
  return undefined;
}

/** What Azure says of an agent pool named by ARM ID (read only when a snapshot is to be taken of it). */
export interface SourcePoolFacts {
  exists: boolean;
  provisioningState?: string;
  /** Region of the pool's cluster. */
  location?: string;
}

export interface SnapshotFacts {
  spec: NodePoolSnapshotSpec;
  /** Azure's snapshot; undefined when absent. */
  observed: Arm.Snapshot | undefined;
  /** compareSnapshot(...) of the observed snapshot; empty when absent. */
  diffs: FieldDiff[];
  resolution: SourceResolution;
  /** For a source named by ARM ID and a snapshot still to take. */
  sourcePool?: SourcePoolFacts;
  /** ARM ID recorded in status: the snapshot existed. */
  recordedId: string | undefined;
}

export function decideSnapshot(f: SnapshotFacts): SnapshotDecision {
  if (!f.observed) return f.recordedId ? vanished(f.recordedId) : decideCreate(f);
  const fixed = f.diffs.filter((d) => d.action === DiffAction.Immutable);
  const location = fixed.find((d) => d.path === 'spec.location');
  if (location) {
    return refuse(
      NodePoolSnapshotReason.LocationMismatch,
      'spec.location',
      `the Azure snapshot is in ${location.azure ?? '?'}, not ${location.wanted ?? '?'}; a snapshot cannot move: ` +
        'create a new NodePoolSnapshot (with another azureName) in the region you want',
    );
  }
  const source = fixed[0];
  if (source) {
    return refuse(
      NodePoolSnapshotReason.SourceChanged,
      source.path,
      `the Azure snapshot was taken from ${source.azure ?? '?'} but ${source.path} now names ${source.wanted ?? '?'}; ` +
        'a snapshot never changes its source: create a new NodePoolSnapshot for the new pool',
    );
  }
  const tags = f.diffs.filter((d) => d.action === DiffAction.Tags);
  if (tags.length > 0 && f.spec.tags) return { action: 'updateTags', tags: { ...f.spec.tags }, diffs: tags };
  return { action: 'inSync' };
}

function decideCreate(f: SnapshotFacts): SnapshotDecision {
  const before = decideBeforeAzure({ spec: f.spec, resolution: f.resolution, recordedId: undefined });
  if (before) return before;
  if (f.resolution.state !== 'resolved')
    return { action: 'wait', message: 'the source pool is not known yet' };
  const source = f.resolution.source;
  let clusterLocation = source.location;
  if (source.kind === 'resourceId') {
    const pool = f.sourcePool;
    if (!pool?.exists) return { action: 'wait', message: `${source.describe} does not exist in Azure (yet)` };
    if (!isTerminal(pool.provisioningState)) {
      return {
        action: 'wait',
        message: `${source.describe} is busy (provisioningState ${pool.provisioningState ?? ''}); the snapshot is taken once it settles`,
      };
    }
    clusterLocation = pool.location;
  }
  const mismatch = locationMismatch(f.spec, source, clusterLocation);
  if (mismatch) return { action: 'refuse', problem: mismatch };
  const location = f.spec.location ?? clusterLocation;
  if (!location) return { action: 'wait', message: `the region of ${source.describe} is not known yet` };
  return { action: 'create', poolId: source.poolId, location };
}

/** AKS takes a snapshot in its source pool's region. */
function locationMismatch(
  spec: NodePoolSnapshotSpec,
  source: SnapshotSource,
  clusterLocation: string | undefined,
): SpecProblem | undefined {
  if (!spec.location || !clusterLocation || sameLocation(spec.location, clusterLocation)) return undefined;
  return {
    reason: NodePoolSnapshotReason.LocationMismatch,
    field: 'spec.location',
    message:
      `spec.location ${spec.location} is not ${clusterLocation}, the region of ${source.describe}; AKS takes a ` +
      `snapshot in its source pool's region: recreate this NodePoolSnapshot without spec.location or with ${clusterLocation}`,
  };
}

function vanished(id: string): SnapshotDecision {
  return refuse(
    NodePoolSnapshotReason.NotFoundInAzure,
    'status.azureResourceID',
    `snapshot ${id} was deleted outside the operator; a new one would capture the pool as it is now, not what ` +
      'this object captured: delete and recreate this NodePoolSnapshot to take a new snapshot',
  );
}

function refuse(reason: string, field: string, message: string): SnapshotDecision {
  return { action: 'refuse', problem: { reason, field, message } };
}

/** For logs and messages. */
export function describeDecision(d: SnapshotDecision): string {
  switch (d.action) {
    case 'updateTags':
      return `updateTags: ${describeDiffs(d.diffs)}`;
    case 'refuse':
      return `refuse: ${d.problem.reason}`;
    default:
      return d.action;
  }
}
