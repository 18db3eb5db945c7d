// What must not happen in a chaos run, counted in Azure (the simulator) rather than in the operator:
// a resource at the end that no live object owns (and nobody left there on purpose), a delete of an ARM ID
// that no deleted object had recorded, and an old blue/green pool deleted before its twin served.
import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import type { Simulator } from '../../sim/index.js';
import type { ClusterRef } from '../../sim/arm-ids.js';
import { Annotation, AzureTag, GROUP, Plural, VERSION, parseOwnerTag } from '../../src/api/index.js';
import { AGENT_POOL_LABEL } from './blue-green-world.js';
import type { Expected } from './chaos-batch.js';
import { SUBSCRIPTION } from './operator.js';

const POLL_INTERVAL_MS = 250;
const KINDS = [
  { kind: 'ManagedCluster', plural: Plural.ManagedCluster },
  { kind: 'NodePool', plural: Plural.NodePool },
  { kind: 'NodePoolSnapshot', plural: Plural.NodePoolSnapshot },
] as const;

export interface ObjectRecord {
  /** `<Kind>/<namespace>/<name>`, as the owner tag names it. */
  owner: string;
  uid: string;
  /** The ARM ID the object recorded (aks.lifecycle.dev/azure-resource-id), lower case. */
  recordedId?: string;
}

interface KubeItem {
  metadata?: { name?: string; namespace?: string; uid?: string; annotations?: Record<string, string> };
}

/**
 * Every object of the watched namespaces and the ARM ID it recorded, read often, so that the ID of an
 * object deleted later is still known. `live()` reads the objects that exist now.
 */
export class RecordedIds {
  private readonly seen = new Map<string, ObjectRecord>();
  private timer?: ReturnType<typeof setInterval>;
  private readonly api: CustomObjectsApi;

  constructor(
    kc: KubeConfig,
    private readonly namespaces: () => string[],
  ) {
    this.api = kc.makeApiClient(CustomObjectsApi);
  }

  start(): void {
    this.timer = setInterval(() => void this.live().catch(() => undefined), POLL_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The objects that exist now (also noted as seen). */
  async live(): Promise<ObjectRecord[]> {
    const out: ObjectRecord[] = [];
    for (const namespace of this.namespaces()) {
      for (const { kind, plural } of KINDS) {
        const list = (await this.api.listNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          plural,
          namespace,
        })) as { items: KubeItem[] };
        for (const item of list.items) {
          const m = item.metadata ?? {};
          const recorded = m.annotations?.[Annotation.AzureResourceId];
          const record: ObjectRecord = {
            owner: `${kind}/${m.namespace ?? namespace}/${m.name ?? ''}`,
            uid: m.uid ?? '',
            ...(recorded ? { recordedId: recorded.toLowerCase() } : {}),
          };
          const before = this.seen.get(record.uid);
          this.seen.set(record.uid, { ...record, recordedId: record.recordedId ?? before?.recordedId });
          out.push(record);
        }
      }
    }
    return out;
  }

  /** Every object seen during the run, with the last ARM ID it recorded. */
  all(): ObjectRecord[] {
    return [...this.seen.values()];
  }
}

/** The ARM IDs recorded by objects that were seen and no longer exist. */
export function deletedObjectIds(seen: ObjectRecord[], live: ObjectRecord[]): Set<string> {
  const alive = new Set(live.map((o) => o.uid));
  return new Set(seen.filter((o) => !alive.has(o.uid) && o.recordedId).map((o) => o.recordedId as string));
}

export interface UnownedResource {
  resourceId: string;
  /** The owner tag it carries, if any. */
  owner?: string;
}

/**
 * Clusters, agent pools and snapshots in Azure (every subscription) that neither carry owner tags naming a
 * live object (name and UID), nor were created outside on purpose, nor were left by an Orphan policy.
 * A System agent pool without owner tags belongs to its owned cluster (it came with the cluster's body).
 */
export function unownedResources(
  sim: Simulator,
  options: {
    live: ObjectRecord[];
    /** Lower-case ARM IDs (a cluster's covers its pools) created by the test or orphaned on purpose. */
    allowed: ReadonlySet<string>;
  },
): UnownedResource[] {
  const uidOf = new Map(options.live.map((o) => [o.owner, o.uid]));
  const isOwned = (tags: Record<string, string> | undefined): boolean => {
    const owner = tags?.[AzureTag.Owner];
    return parseOwnerTag(owner) !== undefined && uidOf.get(owner ?? '') === tags?.[AzureTag.OwnerUid];
  };
  const out: UnownedResource[] = [];
  const note = (id: string, tags: Record<string, string> | undefined): void => {
    out.push({ resourceId: id, ...(tags?.[AzureTag.Owner] ? { owner: tags[AzureTag.Owner] } : {}) });
  };
  for (const c of sim.store.clusters.values()) {
    const id = clusterId(c.ref).toLowerCase();
    if (options.allowed.has(id)) continue;
    const clusterOwned = isOwned(c.tags);
    if (!clusterOwned) note(id, c.tags);
    for (const p of c.pools.values()) {
      const tags = p.spec.tags as Record<string, string> | undefined;
      if (isOwned(tags)) continue;
      // The System pool a cluster is created with comes with the cluster (its body, its tags).
      if (!tags?.[AzureTag.Owner] && clusterOwned && p.spec.mode === 'System') continue;
      note(`${id}/agentpools/${p.name}`, tags);
    }
  }
  for (const s of sim.store.snapshots.values()) {
    const r = s.ref;
    const id =
      `/subscriptions/${r.subscriptionId}/resourcegroups/${r.resourceGroup}/providers/microsoft.containerservice/snapshots/${r.snapshot}`.toLowerCase();
    if (!options.allowed.has(id) && !isOwned(s.tags)) note(id, s.tags);
  }
  return out;
}

function clusterId(ref: ClusterRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourcegroups/${ref.resourceGroup}/providers/microsoft.containerservice/managedclusters/${ref.cluster}`;
}

export interface PoolDeletion {
  clusterId: string;
  pool: string;
  twin: string;
  twinState: string;
  twinCount: number;
  twinReadyNodes: number;
}

/**
 * Watches agent pool deletions on the data plane, as AKS starts them: a pool that has a twin (a blue/green
 * pair) may go only while its twin is Succeeded with all its nodes Ready. Records each such deletion.
 */
export class TwinGuard {
  readonly deletions: PoolDeletion[] = [];
  /** Deletions whose twin could not be looked at. */
  readonly errors: string[] = [];

  constructor(
    private readonly sim: () => Simulator | undefined,
    /** The twin of an agent pool (by name), if it has one. */
    private readonly twinOf: (pool: string) => string | undefined,
    private readonly credentials: (clusterId: string) => Promise<{ adminKubeconfig: string }>,
  ) {}

  /** Violations: deletions whose twin did not serve. */
  withoutReadyTwin(): PoolDeletion[] {
    return this.deletions.filter(
      (d) => d.twinState !== 'Succeeded' || d.twinReadyNodes < Math.max(1, d.twinCount),
    );
  }

  /** Looks at the twin as AKS starts deleting `pool`; never fails the deletion (a failed look is recorded). */
  async beforeDelete(clusterId: string, pool: string): Promise<void> {
    await this.record(clusterId, pool).catch((err: unknown) => {
      this.errors.push(`${clusterId}/agentPools/${pool}: ${String(err)}`);
    });
  }

  private async record(clusterId: string, pool: string): Promise<void> {
    const twin = this.twinOf(pool);
    if (!twin) return;
    const record = [...(this.sim()?.store.clusters.values() ?? [])].find(
      (c) => clusterIdOfRef(c.ref) === clusterId.toLowerCase(),
    );
    const twinRecord = record?.pools.get(twin);
    const deletion: PoolDeletion = {
      clusterId,
      pool,
      twin,
      twinState: twinRecord?.provisioningState ?? 'Absent',
      twinCount: Number(twinRecord?.spec.count ?? 0),
      twinReadyNodes: 0,
    };
    this.deletions.push(deletion);
    if (!twinRecord) return;
    const kc = new KubeConfig();
    kc.loadFromString((await this.credentials(clusterId)).adminKubeconfig);
    const nodes = await kc
      .makeApiClient(CoreV1Api)
      .listNode({ labelSelector: `${AGENT_POOL_LABEL}=${twin}` });
    deletion.twinReadyNodes = nodes.items.filter(
      (n) =>
        !n.spec?.unschedulable &&
        n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true,
    ).length;
  }
}

function clusterIdOfRef(ref: ClusterRef): string {
  return clusterId(ref).toLowerCase();
}

/** The ARM path of the test subscription's clusters in resource group `rg`. */
export const clustersPath = (rg: string): string =>
  `/subscriptions/${SUBSCRIPTION}/resourcegroups/${rg}/providers/microsoft.containerservice/managedclusters`;

/** An agent pool's ARM ID, lower case. */
export const poolPath = (rg: string, cluster: string, pool: string): string =>
  `${clustersPath(rg)}/${cluster}/agentpools/${pool}`.toLowerCase();

/** Agent pool IDs (lower case) a blue/green replacement retired, which Azure may delete. */
export function retiredPools(expected: Expected[], rg: string): Set<string> {
  return new Set(
    expected.flatMap((e) => {
      if (e.which !== 'pool') return [];
      const cluster = e.gone ? e.cluster : e.spec.clusterRef.name;
      return e.replaced.map((p) => poolPath(rg, cluster, p));
    }),
  );
}
