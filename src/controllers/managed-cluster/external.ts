// The Azure side of a ManagedCluster, as the reconciler sees it: read the cluster, start operations on
// it and poll them. Built on the ARM adapters in azure/; the reconciler never touches the SDK.
import type * as Arm from '@azure/arm-containerservice';
import {
  parseResourceId,
  upgradesFrom,
  type AzureArm,
  type OperationHandle,
  type OperationOutcome,
  type WriteConditions,
} from '../../azure/index.js';

/** Facts about the Azure side and idempotent writes that return promptly; long work is a handle. */
export interface ExternalManagedCluster {
  /** The cluster, or undefined when absent. Read-only. */
  observe(id: string, signal: AbortSignal): Promise<Arm.ManagedCluster | undefined>;
  /**
   * Versions a control plane running `from` in `location` may move to next: from the region's list
   * (shared by every cluster there), else the cluster's upgrade profile. Read-only; undefined when the
   * cluster is absent.
   */
  availableUpgrades(
    id: string,
    at: { location: string; from: string },
    signal: AbortSignal,
  ): Promise<string[] | undefined>;
  /** PUTs the whole body (create or update); `conditions` make it conditional. */
  createOrUpdate(
    id: string,
    body: Arm.ManagedCluster,
    signal: AbortSignal,
    conditions?: WriteConditions,
  ): Promise<OperationHandle>;
  /** Replaces the tags (PATCH); `conditions` make it conditional. */
  updateTags(
    id: string,
    tags: Record<string, string>,
    signal: AbortSignal,
    conditions?: WriteConditions,
  ): Promise<OperationHandle>;
  start(id: string, signal: AbortSignal): Promise<OperationHandle>;
  stop(id: string, signal: AbortSignal): Promise<OperationHandle>;
  /** Deletes the cluster; undefined when it was already gone. `conditions` make it conditional. */
  delete(id: string, signal: AbortSignal, conditions?: WriteConditions): Promise<OperationHandle | undefined>;
  /** One maintenance configuration of the cluster, or undefined when absent. Read-only. */
  observeMaintenance(
    id: string,
    name: string,
    signal: AbortSignal,
  ): Promise<Arm.MaintenanceConfiguration | undefined>;
  /** PUTs one maintenance configuration; synchronous in AKS, so nothing to poll. */
  putMaintenance(
    id: string,
    name: string,
    body: Arm.MaintenanceConfiguration,
    signal: AbortSignal,
  ): Promise<void>;
  /** One poll of an operation this object started. Read-only. */
  poll(handle: OperationHandle, signal: AbortSignal): Promise<OperationOutcome>;
}

export function armManagedCluster(arm: AzureArm): ExternalManagedCluster {
  const mc = arm.managedClusters;
  return {
    observe: (id, signal) => mc.get(id, signal),
    async availableUpgrades(id, at, signal) {
      const { subscriptionId } = parseResourceId(id, 'managedCluster');
      const offered = await arm.regionVersions.offered({ subscriptionId, location: at.location }, signal);
      const fromRegion = upgradesFrom(offered, at.from);
      if (fromRegion) return fromRegion;
      // A version the region no longer lists: only the cluster's upgrade profile names its upgrades.
      const profile = await mc.getUpgradeProfile(id, signal);
      if (!profile) return undefined;
      return (profile.controlPlaneProfile.upgrades ?? [])
        .map((u) => u.kubernetesVersion)
        .filter((v): v is string => typeof v === 'string');
    },
    createOrUpdate: (id, body, signal, conditions) => mc.put(id, body, { ...conditions, signal }),
    updateTags: (id, tags, signal, conditions) => mc.patchTags(id, tags, { ...conditions, signal }),
    start: (id, signal) => mc.start(id, signal),
    stop: (id, signal) => mc.stop(id, signal),
    delete: (id, signal, conditions) => mc.delete(id, { ...conditions, signal }),
    observeMaintenance: (id, name, signal) => arm.maintenanceConfigurations.get(id, name, signal),
    async putMaintenance(id, name, body, signal) {
      await arm.maintenanceConfigurations.put(id, name, body, signal);
    },
    poll: (handle, signal) => arm.operations.pollOperation(handle, signal),
  };
}
