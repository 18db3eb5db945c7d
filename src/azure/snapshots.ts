// The node-pool snapshot family of ARM calls: the narrow interface controllers use, and its SDK adapter.
// Snapshot calls are synchronous in ARM, so they return resources, not operation handles.

import type * as Arm from '@azure/arm-containerservice';
import { call, callOrAbsent, withSignal, type AdapterContext } from './adapter-context.js';
import { describeResource, parseResourceId } from './resource-id.js';

/**
 * ARM calls on node-pool snapshots (`Microsoft.ContainerService/snapshots`). IDs are full ARM IDs.
 * Every method throws classified project errors, never RestError.
 */
export interface SnapshotsArm {
  /** Reads the snapshot. Read-only. Absent → undefined. */
  get(id: string, signal?: AbortSignal): Promise<Arm.Snapshot | undefined>;
  /**
   * Creates the snapshot from `body.creationData.sourceResourceId` (an agent pool ID) and returns it
   * as Azure stored it (read-only fields filled from the pool). Writes; synchronous; idempotent.
   */
  put(id: string, body: Arm.Snapshot, signal?: AbortSignal): Promise<Arm.Snapshot>;
  /** Replaces the snapshot's tags (keys not given are removed). Writes; idempotent. Absent → undefined. */
  patchTags(
    id: string,
    tags: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<Arm.Snapshot | undefined>;
  /** Deletes the snapshot. Writes; synchronous; idempotent (absent is fine). */
  delete(id: string, signal?: AbortSignal): Promise<void>;
}

/** SnapshotsArm over the real SDK. */
export class SdkSnapshotsArm implements SnapshotsArm {
  constructor(private readonly ctx: AdapterContext) {}

  private target(id: string) {
    const ref = parseResourceId(id, 'snapshot');
    const client = () => this.ctx.clientFor(ref.subscriptionId).snapshots;
    return { what: describeResource(ref), client, rg: ref.resourceGroup, name: ref.snapshotName };
  }

  async get(id: string, signal?: AbortSignal): Promise<Arm.Snapshot | undefined> {
    const t = this.target(id);
    return callOrAbsent(this.ctx, { operation: 'snapshots.get', verb: 'read', what: t.what }, () =>
      t.client().get(t.rg, t.name, withSignal(signal)),
    );
  }

  async put(id: string, body: Arm.Snapshot, signal?: AbortSignal): Promise<Arm.Snapshot> {
    const t = this.target(id);
    return call(this.ctx, { operation: 'snapshots.put', verb: 'create', what: t.what }, () =>
      t.client().createOrUpdate(t.rg, t.name, body, withSignal(signal)),
    );
  }

  async patchTags(
    id: string,
    tags: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<Arm.Snapshot | undefined> {
    const t = this.target(id);
    return callOrAbsent(
      this.ctx,
      { operation: 'snapshots.patchTags', verb: 'update the tags of', what: t.what },
      () => t.client().updateTags(t.rg, t.name, { tags }, withSignal(signal)),
    );
  }

  async delete(id: string, signal?: AbortSignal): Promise<void> {
    const t = this.target(id);
    await callOrAbsent(this.ctx, { operation: 'snapshots.delete', verb: 'delete', what: t.what }, () =>
      t.client().delete(t.rg, t.name, withSignal(signal)),
    );
  }
}
