// Live views a drain waits on instead of polling: every PodDisruptionBudget and the pods bound to the
// nodes being drained, kept current by watches. Optional: a DrainCluster without one is polled.

import type { V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';

export type DrainWatchEvent =
  | { kind: 'pdb'; pdb: V1PodDisruptionBudget; isDeleted: boolean }
  | { kind: 'pod'; node: string; pod: V1Pod; isDeleted: boolean };

/** Read-only and cached: answers may lag the API server by a watch event, never by more. */
export interface DrainWatch {
  /** Every budget seen, all namespaces. */
  pdbs(): V1PodDisruptionBudget[];
  /** Pods bound to one of the watched nodes. */
  podsOnNode(node: string): V1Pod[];
  /** Calls `listener` with every change after it subscribed; returns a function that unsubscribes. */
  subscribe(listener: (event: DrainWatchEvent) => void): () => void;
  /** Ends the watches. */
  stop(): Promise<void>;
}
