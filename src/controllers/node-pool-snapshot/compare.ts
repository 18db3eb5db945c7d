// Compares the snapshot Azure has with the spec. Only tags can change on an Azure snapshot; a different
// region or source pool means the Azure snapshot is not the one the spec describes. Pure.
import type * as Arm from '@azure/arm-containerservice';
import type { NodePoolSnapshotSpec } from '../../api/index.js';
import { parentClusterId, sameResourceId, tryParseResourceId } from '../../azure/index.js';
import { DiffAction, sameMap, show, type FieldDiff } from '../shared/field-diff.js';
import { withoutOperatorTags } from '../shared/ownership.js';
import { sameLocation } from './desired.js';
import type { SnapshotSource } from './source.js';

export interface SnapshotCompareInput {
  spec: NodePoolSnapshotSpec;
  observed: Arm.Snapshot;
  /** The source the spec names now; undefined when it cannot be resolved (its NodePool is gone). */
  source: SnapshotSource | undefined;
  /** Whether this object recorded the snapshot before (it created or adopted it). */
  isRecorded: boolean;
}

export function compareSnapshot(input: SnapshotCompareInput): FieldDiff[] {
  const { spec, observed, source } = input;
  const diffs: FieldDiff[] = [];
  if (spec.location && observed.location && !sameLocation(spec.location, observed.location)) {
    diffs.push({
      path: 'spec.location',
      action: DiffAction.Immutable,
      azure: observed.location,
      wanted: spec.location,
    });
  }
  const azureSource = observed.creationData?.sourceResourceId;
  if (source && azureSource && !isSameSource(azureSource, source, input.isRecorded)) {
    diffs.push({
      path: source.kind === 'nodePool' ? 'spec.nodePoolRef' : 'spec.sourceResourceID',
      action: DiffAction.Immutable,
      azure: azureSource,
      wanted: source.poolId,
    });
  }
  const tags = withoutOperatorTags(observed.tags);
  if (spec.tags && !sameMap(spec.tags, tags)) {
    diffs.push({
      path: 'spec.tags',
      action: DiffAction.Tags,
      azure: show(tags),
      wanted: show(spec.tags),
    });
  }
  return diffs;
}

/**
 * Whether the Azure snapshot was taken from the source the spec names. A NodePool keeps its identity
 * when a blue/green replacement moves it to a twin agent pool of the same cluster, so once the snapshot
 * is recorded, any pool of the NodePool's cluster is the same source; a first sighting must match exactly.
 */
export function isSameSource(azureSourceId: string, source: SnapshotSource, isRecorded: boolean): boolean {
  if (sameResourceId(azureSourceId, source.poolId)) return true;
  if (source.kind !== 'nodePool' || !isRecorded) return false;
  if (tryParseResourceId(azureSourceId)?.kind !== 'agentPool') return false;
  return sameResourceId(parentClusterId(azureSourceId), parentClusterId(source.poolId));
}
