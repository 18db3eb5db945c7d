// Condition reasons of NodePoolSnapshot: the API's, plus the refusals this controller reports.
// TODO: move LocationMismatch and SourceChanged into api/node-pool-snapshot.ts (reasons are API); until
// then they are declared here and the spread keeps this file correct once they are.
import { NodePoolSnapshotReason } from '../../api/index.js';

export const SnapshotReason = {
  /** spec.location is not the region of the source pool's cluster; AKS takes a snapshot in that region. */
  LocationMismatch: 'LocationMismatch',
  /** The Azure snapshot was taken from another agent pool than the spec names; snapshots never change source. */
  SourceChanged: 'SourceChanged',
  ...NodePoolSnapshotReason,
} as const;
export type SnapshotReason = (typeof SnapshotReason)[keyof typeof SnapshotReason];
