// Drains the standby pool's nodes back out of service through the drain engine (cordon, evictions only,
// PDBs respected, every node at once within what the budgets allow): one long-lived run per active pool,
// started by the pass that reaches the drain and observed by the passes after it; and, when capacity is
// lost again, stops it and puts the nodes back.
import type { V1Node } from '@kubernetes/client-node';
import { DrainPhase, uncordon, type DrainCluster, type DrainRuns } from '../../drain/index.js';
import { TransientError, type Clock, type ObjectKey } from '../../runtime/index.js';

export interface StandbyDrainPass {
  /** Every node is drained (or gone). */
  isDone: boolean;
  /** Pods whose eviction is refused or blocked, as `namespace/name: reason`. */
  blocked: string[];
}

export interface StandbyDrainInput {
  /** The active pool whose standby is drained: the run's owner. */
  owner: ObjectKey;
  nodes: readonly V1Node[];
  cluster: DrainCluster;
  clock: Clock;
}

export class StandbyDrain {
  constructor(private readonly runs: DrainRuns) {}

  /** Starts the drain when none runs, else observes it; never deletes a pod (a blocked eviction waits). */
  async pass(input: StandbyDrainInput): Promise<StandbyDrainPass> {
    const { owner } = input;
    const state = this.runs.ensure(owner, () => {
      const nodes = input.nodes.map((n) => n.metadata?.name ?? '');
      return {
        nodes,
        options: {
          cluster: input.cluster,
          clock: input.clock,
          nodeConcurrency: Math.max(1, nodes.length),
          // Short: a blocked eviction is reported within seconds (a budget that keeps moving keeps the
          // pass going); the run then waits on the watch.
          budgetWaitMs: 2_000,
        },
        // Evicted pods may wait for room on the active pool: the pool looks at its Pending pods then.
        wakeOnEviction: true,
      };
    });
    if (state.error !== undefined) {
      const err = state.error;
      await this.runs.stop(owner);
      const message = err instanceof Error ? err.message : String(err);
      throw new TransientError(`cannot drain the standby pool: ${message}`, { cause: err });
    }
    const blocked: string[] = [];
    for (const report of state.reports) {
      if (report.phase === DrainPhase.Drained || report.phase === DrainPhase.NodeNotFound) continue;
      for (const b of report.blocked) blocked.push(`${b.pod.namespace}/${b.pod.name}: ${b.reason}`);
      for (const r of report.refused) blocked.push(`${r.pod.namespace}/${r.pod.name}: ${r.reason}`);
    }
    return { isDone: !state.isRunning, blocked };
  }

  /** Ends the drain run, if any (what it wrote to the nodes stays). */
  stop(owner: ObjectKey): Promise<void> {
    return this.runs.stop(owner);
  }

  /** Ends the drain and undoes its cordon on every node (a cordon made by somebody else stays). */
  async returnNodes(
    owner: ObjectKey,
    nodes: readonly V1Node[],
    cluster: DrainCluster,
    signal: AbortSignal,
  ): Promise<void> {
    await this.runs.stop(owner);
    for (const node of nodes) await uncordon(cluster, node.metadata?.name ?? '', {}, signal);
  }
}
