// Public surface of the AKS simulator.
export { startSimulator, type Simulator, type SimulatorOptions } from './simulator.js';
export { NoDataPlane } from './no-data-plane.js';
export type {
  DataPlane,
  ClusterShape,
  DeletePoolOptions,
  PoolShape,
  ClusterCredentials,
  ProgressFn,
} from './data-plane.js';
export { resourceLock, type FaultConfig, type OperationFailure, type RequestError } from './faults.js';
export type { FaultUpdate } from './admin-routes.js';
export type { CapacityLoss } from './capacity.js';
export type { QuotaConfig, QuotaLimit } from './quota.js';
export type { ThrottleConfig } from './throttling.js';
export type { Durations, PagingConfig, LroConfig } from './sim-context.js';
export type { VersionCatalogueConfig, MinorRelease } from './version-catalogue.js';
export { DEFAULT_MINORS } from './version-catalogue.js';
export type { VmSize } from './vm-sizes.js';
export { DEFAULT_VM_SIZES } from './vm-sizes.js';
export { createTlsMaterial, type TlsMaterial } from './tls.js';
export type { CounterSnapshot, RequestLogEntry } from './counters.js';
export { writtenByTwoAtOnce, type WriterRun } from './writers.js';
export type { Entra, EntraIdentity, FederatedCredential, RoleAssignment } from './entra.js';
export { AKS_SERVER_APP_ID } from './entra.js';
export { AksRbacRole } from './entra-kubernetes.js';
export type { Jwks } from './jwt.js';
