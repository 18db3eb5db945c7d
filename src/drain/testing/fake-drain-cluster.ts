// In-memory DrainCluster for unit tests. Evictions follow the API server's rules closely enough to
// test decisions (PDB budget, unready pods, terminal pods, UID precondition); answers can also be
// scripted per pod. Builders for nodes, pods and PDBs sit at the bottom.

import type {
  V1Deployment,
  V1Node,
  V1OwnerReference,
  V1PersistentVolumeClaim,
  V1Pod,
  V1PodDisruptionBudget,
  V1ReplicaSet,
} from '@kubernetes/client-node';
import type { DrainCluster, NodePatch } from '../drain-cluster.js';
import type { DrainWatch } from '../drain-watch.js';
import type { EvictionAnswer } from '../eviction-answer.js';
import { classifyEvictionAnswer } from '../eviction-answer.js';
import { selectorMatches } from '../../runtime/index.js';
import { isReady, isTerminal, isTerminating } from '../pod-state.js';
import type { PodRef } from '../types.js';

const key = (namespace: string, name: string): string => `${namespace}/${name}`;

export class FakeDrainCluster implements DrainCluster {
  readonly nodes = new Map<string, V1Node>();
  readonly pods = new Map<string, V1Pod>();
  readonly pdbs = new Map<string, V1PodDisruptionBudget>();
  readonly replicaSets = new Map<string, V1ReplicaSet>();
  readonly deployments = new Map<string, V1Deployment>();
  readonly claims = new Map<string, V1PersistentVolumeClaim>();
  /** `namespace/name` and restartedAt of every restartDeployment call. */
  readonly restarts: { deployment: string; restartedAt: string }[] = [];
  /** `namespace/Kind/name` of controllers that exist. */
  readonly owners = new Set<string>();
  /** Scripted answers per `namespace/name`, used before the simulated rules. */
  readonly scripted = new Map<string, EvictionAnswer[]>();
  readonly calls = { patchNode: 0, evict: 0, deletePod: 0, listPodsOnNode: 0 };
  readonly patches: { node: string; patch: NodePatch }[] = [];
  readonly deletions: { pod: string; gracePeriodSeconds: number }[] = [];
  readonly evictions: { pod: string; gracePeriodSeconds: number | undefined }[] = [];
  /** Time used for deletionTimestamp (ms). */
  nowMs = Date.UTC(2026, 4, 4, 10, 0, 0);
  /** Unset: the drain polls. A test sets it to hand out a FakeDrainWatch. */
  openWatch?: (nodes: string[], signal: AbortSignal) => Promise<DrainWatch>;

  addNode(node: V1Node): this {
    this.nodes.set(node.metadata?.name ?? '', node);
    return this;
  }
  addPod(pod: V1Pod): this {
    this.pods.set(key(pod.metadata?.namespace ?? '', pod.metadata?.name ?? ''), pod);
    return this;
  }
  addPdb(pdb: V1PodDisruptionBudget): this {
    this.pdbs.set(key(pdb.metadata?.namespace ?? '', pdb.metadata?.name ?? ''), pdb);
    return this;
  }
  addOwner(namespace: string, kind: string, name: string): this {
    this.owners.add(`${namespace}/${kind}/${name}`);
    return this;
  }
  addReplicaSet(rs: V1ReplicaSet): this {
    this.replicaSets.set(key(rs.metadata?.namespace ?? '', rs.metadata?.name ?? ''), rs);
    return this;
  }
  addDeployment(deployment: V1Deployment): this {
    this.deployments.set(
      key(deployment.metadata?.namespace ?? '', deployment.metadata?.name ?? ''),
      deployment,
    );
    return this;
  }
  addClaim(claim: V1PersistentVolumeClaim): this {
    this.claims.set(key(claim.metadata?.namespace ?? '', claim.metadata?.name ?? ''), claim);
    return this;
  }
  script(namespace: string, name: string, ...answers: EvictionAnswer[]): this {
    this.scripted.set(key(namespace, name), answers);
    return this;
  }
  /** The kubelet's part: terminating pods disappear. */
  finishTerminating(): void {
    for (const [k, pod] of this.pods) if (isTerminating(pod)) this.pods.delete(k);
  }

  async getNode(name: string): Promise<V1Node | undefined> {
    return structuredClone(this.nodes.get(name));
  }

  async patchNode(name: string, patch: NodePatch): Promise<void> {
    this.calls.patchNode++;
    this.patches.push({ node: name, patch });
    const node = this.nodes.get(name);
    if (!node) throw new Error(`node ${name} not found`);
    if (patch.spec) node.spec = { ...node.spec, unschedulable: patch.spec.unschedulable ?? undefined };
    if (patch.metadata) {
      const annotations = { ...(node.metadata?.annotations ?? {}) };
      for (const [k, v] of Object.entries(patch.metadata.annotations)) {
        if (v === null) delete annotations[k];
        else annotations[k] = v;
      }
      node.metadata = { ...node.metadata, annotations };
    }
  }

  async listPodsOnNode(nodeName: string): Promise<V1Pod[]> {
    this.calls.listPodsOnNode++;
    return [...this.pods.values()]
      .filter((p) => p.spec?.nodeName === nodeName)
      .map((p) => structuredClone(p));
  }

  async listPods(namespace: string): Promise<V1Pod[]> {
    return [...this.pods.values()]
      .filter((p) => p.metadata?.namespace === namespace)
      .map((p) => structuredClone(p));
  }

  async getPod(namespace: string, name: string): Promise<V1Pod | undefined> {
    return structuredClone(this.pods.get(key(namespace, name)));
  }

  async listPdbs(namespace: string): Promise<V1PodDisruptionBudget[]> {
    return [...this.pdbs.values()]
      .filter((p) => p.metadata?.namespace === namespace)
      .map((p) => structuredClone(p));
  }

  async getReplicaSet(namespace: string, name: string): Promise<V1ReplicaSet | undefined> {
    return structuredClone(this.replicaSets.get(key(namespace, name)));
  }
  async getDeployment(namespace: string, name: string): Promise<V1Deployment | undefined> {
    return structuredClone(this.deployments.get(key(namespace, name)));
  }
  async getPersistentVolumeClaim(
    namespace: string,
    name: string,
  ): Promise<V1PersistentVolumeClaim | undefined> {
    return structuredClone(this.claims.get(key(namespace, name)));
  }
  /** Records the restart and starts a rollout: the generation moves ahead of what the status observed. */
  async restartDeployment(namespace: string, name: string, restartedAt: string): Promise<void> {
    const deployment = this.deployments.get(key(namespace, name));
    if (!deployment) throw new Error(`deployments.apps "${name}" not found`);
    this.restarts.push({ deployment: key(namespace, name), restartedAt });
    deployment.metadata = { ...deployment.metadata, generation: (deployment.metadata?.generation ?? 1) + 1 };
  }
  async ownerExists(namespace: string, owner: V1OwnerReference): Promise<boolean | undefined> {
    return this.owners.has(`${namespace}/${owner.kind}/${owner.name}`);
  }

  async evict(ref: PodRef, gracePeriodSeconds: number | undefined): Promise<EvictionAnswer> {
    this.calls.evict++;
    this.evictions.push({ pod: key(ref.namespace, ref.name), gracePeriodSeconds });
    const script = this.scripted.get(key(ref.namespace, ref.name));
    const next = script?.shift();
    if (next) return next;
    return this.simulateEviction(ref, gracePeriodSeconds);
  }

  async deletePod(ref: PodRef, gracePeriodSeconds: number): Promise<EvictionAnswer> {
    this.calls.deletePod++;
    this.deletions.push({ pod: key(ref.namespace, ref.name), gracePeriodSeconds });
    const pod = this.pods.get(key(ref.namespace, ref.name));
    if (!pod) return { outcome: 'gone' };
    if (ref.uid && pod.metadata?.uid !== ref.uid)
      return { outcome: 'conflict', message: 'uid precondition failed' };
    this.markDeleted(pod, gracePeriodSeconds);
    return { outcome: 'evicted' };
  }

  private markDeleted(pod: V1Pod, gracePeriodSeconds: number | undefined): void {
    const grace = gracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
    pod.metadata = { ...pod.metadata, deletionTimestamp: new Date(this.nowMs + grace * 1000) };
  }

  private simulateEviction(ref: PodRef, gracePeriodSeconds: number | undefined): EvictionAnswer {
    const pod = this.pods.get(key(ref.namespace, ref.name));
    if (!pod) return { outcome: 'gone' };
    if (ref.uid && pod.metadata?.uid !== ref.uid)
      return { outcome: 'conflict', message: 'uid precondition failed' };
    const ignoresPdb = isTerminal(pod) || pod.status?.phase === 'Pending' || isTerminating(pod);
    const matching = [...this.pdbs.values()].filter(
      (p) =>
        p.metadata?.namespace === ref.namespace && selectorMatches(p.spec?.selector, pod.metadata?.labels),
    );
    if (!ignoresPdb && matching.length > 1) {
      return classifyEvictionAnswer({
        code: 500,
        body: {
          message:
            'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
        },
      });
    }
    const pdb = matching[0];
    if (!ignoresPdb && pdb) {
      const s = pdb.status;
      const status = {
        ...s,
        currentHealthy: s?.currentHealthy ?? 0,
        desiredHealthy: s?.desiredHealthy ?? 0,
        disruptionsAllowed: s?.disruptionsAllowed ?? 0,
        expectedPods: s?.expectedPods ?? 0,
      };
      const policy = pdb.spec?.unhealthyPodEvictionPolicy ?? 'IfHealthyBudget';
      const unreadyMayGo =
        !isReady(pod) &&
        (policy === 'AlwaysAllow' ||
          (status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0));
      if (!unreadyMayGo) {
        if ((status.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0)) {
          return classifyEvictionAnswer({
            code: 429,
            body: tooMany(
              `The disruption budget ${pdb.metadata?.name} is still being processed by the server.`,
            ),
            headers: { 'Retry-After': '10' },
          });
        }
        if (status.disruptionsAllowed <= 0) {
          const msg = `The disruption budget ${pdb.metadata?.name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`;
          return classifyEvictionAnswer({ code: 429, body: tooMany(msg), headers: { 'Retry-After': '0' } });
        }
        status.disruptionsAllowed--;
        // Like the API server: the evicted pod is recorded until the disruption controller sees it go.
        status.disruptedPods = { ...(s?.disruptedPods ?? {}), [ref.name]: new Date(this.nowMs) };
        pdb.status = status;
      }
    }
    this.markDeleted(pod, gracePeriodSeconds);
    return { outcome: 'evicted' };
  }
}

function tooMany(causeMessage: string): object {
  return {
    kind: 'Status',
    status: 'Failure',
    message: "Cannot evict pod as it would violate the pod's disruption budget.",
    reason: 'TooManyRequests',
    details: { causes: [{ reason: 'DisruptionBudget', message: causeMessage }] },
    code: 429,
  };
}

// ---- builders ----

let uidCounter = 0;

export function makeNode(
  name: string,
  opts: {
    unschedulable?: boolean;
    ready?: 'True' | 'False' | 'Unknown';
    annotations?: Record<string, string>;
  } = {},
): V1Node {
  return {
    metadata: { name, annotations: { ...(opts.annotations ?? {}) } },
    spec: opts.unschedulable ? { unschedulable: true } : {},
    status: { conditions: [{ type: 'Ready', status: opts.ready ?? 'True' }] },
  };
}

export interface PodOptions {
  namespace?: string;
  node?: string;
  owner?: { kind: string; name: string } | null;
  labels?: Record<string, string>;
  phase?: string;
  ready?: boolean;
  annotations?: Record<string, string>;
  deletionTimestamp?: Date;
  finalizers?: string[];
  emptyDir?: boolean;
  priorityClassName?: string;
  terminationGracePeriodSeconds?: number;
  scheduling?: { reason: string; message: string };
}

export function makePod(name: string, opts: PodOptions = {}): V1Pod {
  const owner = opts.owner === undefined ? { kind: 'ReplicaSet', name: 'rs' } : opts.owner;
  const ownerReferences = owner
    ? [
        {
          apiVersion: owner.kind === 'Node' ? 'v1' : 'apps/v1',
          kind: owner.kind,
          name: owner.name,
          uid: `${owner.name}-uid`,
          controller: true,
        },
      ]
    : undefined;
  const phase = opts.phase ?? 'Running';
  const conditions = [{ type: 'Ready', status: (opts.ready ?? phase === 'Running') ? 'True' : 'False' }];
  if (opts.scheduling) conditions.push({ type: 'PodScheduled', status: 'False', ...opts.scheduling });
  return {
    metadata: {
      name,
      namespace: opts.namespace ?? 'shop',
      uid: `uid-${name}-${++uidCounter}`,
      labels: opts.labels ?? { app: 'api' },
      ...(opts.annotations ? { annotations: opts.annotations } : {}),
      ...(ownerReferences ? { ownerReferences } : {}),
      ...(opts.deletionTimestamp ? { deletionTimestamp: opts.deletionTimestamp } : {}),
      ...(opts.finalizers ? { finalizers: opts.finalizers } : {}),
    },
    spec: {
      containers: [{ name: 'c' }],
      ...(opts.node !== undefined ? { nodeName: opts.node } : { nodeName: 'node-1' }),
      ...(opts.emptyDir ? { volumes: [{ name: 'scratch', emptyDir: {} }] } : {}),
      ...(opts.priorityClassName ? { priorityClassName: opts.priorityClassName } : {}),
      ...(opts.terminationGracePeriodSeconds !== undefined
        ? { terminationGracePeriodSeconds: opts.terminationGracePeriodSeconds }
        : {}),
    },
    status: { phase, conditions },
  };
}

export interface PdbOptions {
  namespace?: string;
  selector?: Record<string, string> | null;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  unhealthyPodEvictionPolicy?: string;
  status?: {
    expectedPods: number;
    desiredHealthy: number;
    currentHealthy: number;
    disruptionsAllowed: number;
  };
  generation?: number;
  observedGeneration?: number;
}

export function makePdb(name: string, opts: PdbOptions = {}): V1PodDisruptionBudget {
  const selector = opts.selector === null ? undefined : { matchLabels: opts.selector ?? { app: 'api' } };
  const generation = opts.generation ?? 1;
  return {
    metadata: { name, namespace: opts.namespace ?? 'shop', generation },
    spec: {
      ...(selector ? { selector } : {}),
      ...(opts.minAvailable !== undefined ? { minAvailable: opts.minAvailable } : {}),
      ...(opts.maxUnavailable !== undefined ? { maxUnavailable: opts.maxUnavailable } : {}),
      ...(opts.unhealthyPodEvictionPolicy
        ? { unhealthyPodEvictionPolicy: opts.unhealthyPodEvictionPolicy }
        : {}),
    },
    ...(opts.status
      ? { status: { ...opts.status, observedGeneration: opts.observedGeneration ?? generation } }
      : {}),
  };
}
