// In-memory DrainWatch over a FakeDrainCluster: it reads the fake's maps, and `emit` tells subscribers
// every budget and pod as they are now (tests call it whenever their stand-in controllers moved).

import type { DrainWatch, DrainWatchEvent } from '../drain-watch.js';
import type { FakeDrainCluster } from './fake-drain-cluster.js';

export class FakeDrainWatch implements DrainWatch {
  isStopped = false;
  private readonly listeners = new Set<(event: DrainWatchEvent) => void>();

  constructor(private readonly cluster: FakeDrainCluster) {}

  pdbs(): ReturnType<DrainWatch['pdbs']> {
    return [...this.cluster.pdbs.values()].map((p) => structuredClone(p));
  }

  podsOnNode(node: string): ReturnType<DrainWatch['podsOnNode']> {
    return [...this.cluster.pods.values()]
      .filter((p) => p.spec?.nodeName === node)
      .map((p) => structuredClone(p));
  }

  subscribe(listener: (event: DrainWatchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.isStopped = true;
  }

  emit(): void {
    if (this.isStopped) return;
    for (const pdb of this.pdbs()) this.send({ kind: 'pdb', pdb, isDeleted: false });
    for (const pod of this.cluster.pods.values()) {
      const node = pod.spec?.nodeName ?? '';
      this.send({ kind: 'pod', node, pod: structuredClone(pod), isDeleted: false });
    }
  }

  private send(event: DrainWatchEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
