// In-memory SnapshotsArm for controller unit tests: a snapshot copies its source pool's versions, as AKS does.

import type * as Arm from '@azure/arm-containerservice';
import { InvalidSpecError } from '../../runtime/index.js';
import { describeResource, parseResourceId } from '../resource-id.js';
import type { SnapshotsArm } from '../snapshots.js';
import { fakeNotFound, type FakeAzureState } from './fake-azure-state.js';

export class FakeSnapshotsArm implements SnapshotsArm {
  constructor(private readonly state: FakeAzureState) {}

  async get(id: string): Promise<Arm.Snapshot | undefined> {
    this.state.enter('snapshots.get', id);
    parseResourceId(id, 'snapshot');
    const snapshot = this.state.get<Arm.Snapshot>(id);
    return snapshot ? structuredClone(snapshot) : undefined;
  }

  async put(id: string, body: Arm.Snapshot): Promise<Arm.Snapshot> {
    this.state.enter('snapshots.put', id);
    const ref = parseResourceId(id, 'snapshot');
    const sourceId = body.creationData?.sourceResourceId;
    if (!sourceId) {
      throw new InvalidSpecError(
        `cannot create ${describeResource(ref)}: InvalidParameter: creationData.sourceResourceId is required`,
        {
          reason: 'InvalidParameter',
        },
      );
    }
    const pool = this.state.get<Arm.AgentPool>(sourceId);
    if (!pool) throw fakeNotFound(`create ${describeResource(ref)}`, sourceId);
    const snapshot = {
      ...structuredClone(body),
      id,
      name: ref.snapshotName,
      type: 'Microsoft.ContainerService/snapshots',
      snapshotType: body.snapshotType ?? 'NodePool',
      kubernetesVersion: pool.currentOrchestratorVersion ?? pool.orchestratorVersion,
      nodeImageVersion: pool.nodeImageVersion,
      osType: pool.osType,
      osSku: pool.osSKU,
      vmSize: pool.vmSize,
      enableFips: pool.enableFips,
    } as Arm.Snapshot;
    this.state.set(id, snapshot);
    return structuredClone(snapshot);
  }

  async patchTags(id: string, tags: Record<string, string>): Promise<Arm.Snapshot | undefined> {
    this.state.enter('snapshots.patchTags', id);
    parseResourceId(id, 'snapshot');
    const snapshot = this.state.get<Arm.Snapshot>(id);
    if (!snapshot) return undefined;
    snapshot.tags = { ...tags };
    return structuredClone(snapshot);
  }

  async delete(id: string): Promise<void> {
    this.state.enter('snapshots.delete', id);
    parseResourceId(id, 'snapshot');
    this.state.remove(id);
  }
}
