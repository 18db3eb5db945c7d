// The workload cluster as a blue/green replacement sees it: the Nodes of an agent pool, the drain
// engine's view of the cluster, and the workloads (Deployment, StatefulSet, ReplicaSet) whose pods the
// drain moves, with their Ready replicas. Built over the KubeConfig the shared workload cluster accessor
// hands out, kept while that KubeConfig is.
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  type V1Node,
  type V1Pod,
} from '@kubernetes/client-node';
import { KubeDrainCluster, type DrainCluster } from '../../../drain/index.js';
import { withSignal } from '../../../runtime/index.js';
import { AGENT_POOL_LABEL } from '../../shared/workload-nodes.js';

/** A workload that keeps a number of replicas: the controller an evicted pod comes back from. */
export interface WorkloadRef {
  kind: 'Deployment' | 'StatefulSet' | 'ReplicaSet';
  namespace: string;
  name: string;
}

export interface Replicas {
  desired: number;
  ready: number;
}

export interface PoolWorkload {
  /** Nodes labelled with the agent pool's name. */
  poolNodes(poolName: string, signal: AbortSignal): Promise<V1Node[]>;
  readonly drain: DrainCluster;
  /** The workload that brings the pod back once evicted; undefined for DaemonSet, Job or bare pods. */
  workloadOf(pod: V1Pod, signal: AbortSignal): Promise<WorkloadRef | undefined>;
  /** Desired and Ready replicas of the workload; undefined when it no longer exists. */
  replicas(ref: WorkloadRef, signal: AbortSignal): Promise<Replicas | undefined>;
}

/** The replacement's view of a workload cluster reached through `kc`. */
export interface PoolWorkloads {
  open(kc: KubeConfig): Promise<PoolWorkload>;
}

const isNotFound = (err: unknown): boolean => err instanceof ApiException && err.code === 404;

async function orUndefined<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (err: unknown) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

function replicasOf(o: { spec?: { replicas?: number }; status?: { readyReplicas?: number } }): Replicas {
  return { desired: o.spec?.replicas ?? 1, ready: o.status?.readyReplicas ?? 0 };
}

class KubePoolWorkload implements PoolWorkload {
  readonly drain: DrainCluster;
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;

  constructor(kc: KubeConfig) {
    this.drain = new KubeDrainCluster(kc);
    this.core = kc.makeApiClient(CoreV1Api);
    this.apps = kc.makeApiClient(AppsV1Api);
  }

  async poolNodes(poolName: string, signal: AbortSignal): Promise<V1Node[]> {
    const list = await this.core.listNode(
      { labelSelector: `${AGENT_POOL_LABEL}=${poolName}` },
      withSignal(signal),
    );
    return list.items;
  }

  async workloadOf(pod: V1Pod, signal: AbortSignal): Promise<WorkloadRef | undefined> {
    const namespace = pod.metadata?.namespace ?? '';
    const owner = pod.metadata?.ownerReferences?.find((o) => o.controller === true);
    if (owner?.kind === 'StatefulSet') return { kind: 'StatefulSet', namespace, name: owner.name };
    if (owner?.kind !== 'ReplicaSet') return undefined;
    const rs = await orUndefined(
      this.apps.readNamespacedReplicaSet({ namespace, name: owner.name }, withSignal(signal)),
    );
    const deployment = rs?.metadata?.ownerReferences?.find(
      (o) => o.controller === true && o.kind === 'Deployment',
    );
    return deployment
      ? { kind: 'Deployment', namespace, name: deployment.name }
      : { kind: 'ReplicaSet', namespace, name: owner.name };
  }

  async replicas(ref: WorkloadRef, signal: AbortSignal): Promise<Replicas | undefined> {
    const args = { namespace: ref.namespace, name: ref.name };
    const options = withSignal(signal);
    const read =
      ref.kind === 'Deployment'
        ? this.apps.readNamespacedDeployment(args, options)
        : ref.kind === 'StatefulSet'
          ? this.apps.readNamespacedStatefulSet(args, options)
          : this.apps.readNamespacedReplicaSet(args, options);
    const found = await orUndefined<{ spec?: { replicas?: number }; status?: { readyReplicas?: number } }>(
      read,
    );
    return found ? replicasOf(found) : undefined;
  }
}

export class KubePoolWorkloads implements PoolWorkloads {
  /** One view per credential: a refreshed or refetched KubeConfig gets a new one. */
  private readonly views = new WeakMap<KubeConfig, PoolWorkload>();

  async open(kc: KubeConfig): Promise<PoolWorkload> {
    let view = this.views.get(kc);
    if (!view) {
      view = new KubePoolWorkload(kc);
      this.views.set(kc, view);
    }
    return view;
  }
}
