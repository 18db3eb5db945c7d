// Test doubles of the ARM interfaces, for controller unit tests.
export * from './fake-azure-state.js';
export * from './fake-managed-clusters.js';
export * from './fake-agent-pools.js';
export * from './fake-snapshots.js';
export * from './fake-azure.js';
export * from './arm-http-stub.js';
