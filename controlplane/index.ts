// Public surface of the local control plane: binaries, clusters, reaping, memory figures.
export {
  K8S_VERSION,
  CONTROLPLANE_BINARIES,
  binDir,
  binaryPath,
  ensureBinaries,
  missingBinaries,
  requireBinaries,
} from './binaries.js';
export type { ControlplaneBinary, EnsureBinariesOptions } from './binaries.js';
export { startCluster, stopClusterByName } from './kwok-cluster.js';
export type { KwokCluster, StartClusterOptions } from './kwok-cluster.js';
export type { ApiServerAuth } from './kwokctl.js';
export { reapStaleClusters } from './reaper.js';
export type { ReapOptions } from './reaper.js';
export { LeakedProcessesError } from './cluster-teardown.js';
export { clusterProcesses, clusterRss, formatRss } from './cluster-rss.js';
export type { ClusterRss } from './cluster-rss.js';
export { defaultKwokWorkdir, repoRoot } from './paths.js';
export { isProcessAlive, processIdentity } from './process-table.js';
export type { ProcessIdentity } from './process-table.js';
