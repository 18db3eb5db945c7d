// Public surface of the ARM layer: the only code that talks to Azure Resource Manager.
export * from './resource-id.js';
export * from './arm-error-classes.js';
export * from './arm-errors.js';
export * from './drain-failure.js';
export * from './arm-error-catalogue.js';
export * from './retry-after.js';
export { type ObservedArmError, parseErrorBody } from './call-context.js';
export * from './call-metrics.js';
export * from './credentials.js';
export * from './service-account-tokens.js';
export * from './client-factory.js';
export * from './operation-handle.js';
export * from './operations.js';
export * from './managed-clusters.js';
export * from './agent-pools.js';
export * from './snapshots.js';
export * from './compute-usages.js';
export * from './azure-arm.js';
