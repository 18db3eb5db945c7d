// Public surface of the kwok-backed data plane's parts: node shapes, surge arithmetic, drains, errors.
export { ensureBaseline } from './baseline.js';
export { clusterCredentials, handedOutAccess, readClusterAccess } from './credentials.js';
export type { ClusterAccess } from './credentials.js';
export {
  DataPlaneError,
  DataPlaneErrorCode,
  drainFailedMessage,
  drainTimedOutMessage,
  isDataPlaneError,
} from './errors.js';
export type { BlockedEviction } from './errors.js';
export { ClusterClient } from './kube-client.js';
export { drainNode } from './node-drain.js';
export type { DrainOutcome } from './node-drain.js';
export { LABEL, QUARANTINED, SPOT_TAINT, nodeLabels, parseTaint, poolTaints } from './node-labels.js';
export { instanceOf, nodeName, scaleSetId, scaleSetName } from './node-names.js';
export { nodeResources, vmResources } from './node-resources.js';
export { buildNode, kubeletVersion } from './node-template.js';
export { InstanceCounter } from './pool-context.js';
export { deletePoolNodes } from './pool-deletion.js';
export type { PoolDeletion } from './pool-deletion.js';
export type { PoolContext } from './pool-context.js';
export {
  DEFAULT_DRAIN_TIMEOUT_MINUTES,
  addNodes,
  deleteNode,
  drainReporting,
  isQuarantined,
  nodeNameOf,
  refreshNodes,
  scaleIn,
  removeNodes,
} from './pool-nodes.js';
export { SerialQueue } from './serial-queue.js';
export { SimTime } from './sim-time.js';
export { isAtTarget, surgeUpgrade } from './surge-upgrade.js';
export { DEFAULT_MAX_SURGE, planBatch, surgeCount } from './surge.js';
export { pickScaleInVictims, pickZones, zoneLabel } from './zones.js';
