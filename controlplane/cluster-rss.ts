// Memory of a running cluster: the resident set of each of its processes, read from /proc.
import { clusterPaths } from './paths.js';
import { findProcessesUnder, readRssBytes } from './process-table.js';
import type { DirProcess } from './process-table.js';

export interface ClusterRss {
  totalBytes: number;
  processes: (DirProcess & { rssBytes: number })[];
}

/** The live processes of a cluster (kwokctl runs them from the cluster's own directory). */
export function clusterProcesses(cluster: { name: string; workdir: string }): DirProcess[] {
  return findProcessesUnder(clusterPaths(cluster.workdir, cluster.name).clusterDir);
}

export function clusterRss(cluster: { name: string; workdir: string }): ClusterRss {
  const processes = clusterProcesses(cluster).map((p) => ({ ...p, rssBytes: readRssBytes(p.pid) }));
  return { totalBytes: processes.reduce((sum, p) => sum + p.rssBytes, 0), processes };
}

/** `total 540 MiB (kube-apiserver 262, kube-controller-manager 104, …)`, for benchmark output. */
export function formatRss(rss: ClusterRss): string {
  const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
  const parts = [...rss.processes]
    .sort((a, b) => b.rssBytes - a.rssBytes)
    .map((p) => `${p.command} ${mib(p.rssBytes)}`);
  return `total ${mib(rss.totalBytes)} MiB (${parts.join(', ')})`;
}
