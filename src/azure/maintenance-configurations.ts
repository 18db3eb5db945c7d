// The maintenance-configuration family of ARM calls (AKS planned maintenance, sub-resources of a
// managed cluster): the narrow interface controllers use, and its SDK adapter. The calls are
// synchronous in ARM, so they return resources, not operation handles.

import type * as Arm from '@azure/arm-containerservice';
import { call, callOrAbsent, withSignal, type AdapterContext } from './adapter-context.js';
import { describeResource, parseResourceId } from './resource-id.js';

/**
 * ARM calls on a cluster's maintenance configurations. `clusterId` is the cluster's full ARM ID, `name`
 * one of AKS's configuration names. Every method throws classified project errors, never RestError.
 */
export interface MaintenanceConfigurationsArm {
  /** Reads one configuration. Read-only. Absent (or the cluster absent) → undefined. */
  get(
    clusterId: string,
    name: string,
    signal?: AbortSignal,
  ): Promise<Arm.MaintenanceConfiguration | undefined>;
  /** Creates or replaces one configuration and returns it as Azure stored it. Writes; synchronous; idempotent. */
  put(
    clusterId: string,
    name: string,
    body: Arm.MaintenanceConfiguration,
    signal?: AbortSignal,
  ): Promise<Arm.MaintenanceConfiguration>;
}

/** MaintenanceConfigurationsArm over the real SDK. */
export class SdkMaintenanceConfigurationsArm implements MaintenanceConfigurationsArm {
  constructor(private readonly ctx: AdapterContext) {}

  private target(clusterId: string, name: string) {
    const ref = parseResourceId(clusterId, 'managedCluster');
    const client = () => this.ctx.clientFor(ref.subscriptionId).maintenanceConfigurations;
    return {
      what: `maintenance configuration ${name} of ${describeResource(ref)}`,
      client,
      rg: ref.resourceGroup,
      cluster: ref.clusterName,
    };
  }

  async get(
    clusterId: string,
    name: string,
    signal?: AbortSignal,
  ): Promise<Arm.MaintenanceConfiguration | undefined> {
    const t = this.target(clusterId, name);
    return callOrAbsent(
      this.ctx,
      { operation: 'maintenanceConfigurations.get', verb: 'read', what: t.what },
      () => t.client().get(t.rg, t.cluster, name, withSignal(signal)),
    );
  }

  async put(
    clusterId: string,
    name: string,
    body: Arm.MaintenanceConfiguration,
    signal?: AbortSignal,
  ): Promise<Arm.MaintenanceConfiguration> {
    const t = this.target(clusterId, name);
    return call(this.ctx, { operation: 'maintenanceConfigurations.put', verb: 'update', what: t.what }, () =>
      t.client().createOrUpdate(t.rg, t.cluster, name, body, withSignal(signal)),
    );
  }
}
