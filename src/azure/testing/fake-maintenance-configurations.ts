// In-memory MaintenanceConfigurationsArm for controller unit tests: stores each configuration as put.

import type * as Arm from '@azure/arm-containerservice';
import type { MaintenanceConfigurationsArm } from '../maintenance-configurations.js';
import { parseResourceId } from '../resource-id.js';
import type { FakeAzureState } from './fake-azure-state.js';

export class FakeMaintenanceConfigurationsArm implements MaintenanceConfigurationsArm {
  constructor(private readonly state: FakeAzureState) {}

  async get(clusterId: string, name: string): Promise<Arm.MaintenanceConfiguration | undefined> {
    const id = `${clusterId}/maintenanceConfigurations/${name}`;
    this.state.enter('maintenanceConfigurations.get', id);
    parseResourceId(clusterId, 'managedCluster');
    const found = this.state.get<Arm.MaintenanceConfiguration>(id);
    return found ? structuredClone(found) : undefined;
  }

  async put(
    clusterId: string,
    name: string,
    body: Arm.MaintenanceConfiguration,
  ): Promise<Arm.MaintenanceConfiguration> {
    const id = `${clusterId}/maintenanceConfigurations/${name}`;
    this.state.enter('maintenanceConfigurations.put', id);
    parseResourceId(clusterId, 'managedCluster');
    const stored = { ...structuredClone(body), id, name };
    this.state.set(id, stored);
    return structuredClone(stored);
  }
}
