// Ordinary actions that could steer the operator to a wrong Azure resource, run at seeded moments beside a
// chaos batch: the credential's subscription pin flipped and flipped back, two objects in two namespaces
// racing for one Azure name, and a namespace deleted under objects with Orphan and Delete policies. Each
// says how it must end (converged, or stalled with a reason of the API) and what it left in Azure on purpose.
import type * as Arm from '@azure/arm-containerservice';
import { ApiException, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import {
  ManagedClusterReason,
  NodePoolReason,
  NodePoolSnapshotReason,
  Reason,
  type ManagedCluster,
  type ManagedClusterSpecInput,
} from '../../src/api/index.js';
import { getCondition, type Condition } from '../../src/runtime/index.js';
import { createTestNamespace, type TestNamespace } from './namespace.js';
import { Objects } from './operator.js';
import type { SeededRandom } from './chaos-random.js';
import { waitFor } from './wait.js';

/** Every condition reason the API documents: a stall must name one of them. */
export const API_REASONS: ReadonlySet<string> = new Set([
  ...Object.values(Reason),
  ...Object.values(ManagedClusterReason),
  ...Object.values(NodePoolReason),
  ...Object.values(NodePoolSnapshotReason),
]);

/** The Secret that, present in a namespace, is its default credential (the operator is told its name). */
export const CREDENTIAL_SECRET = 'azure-credentials';
const RACE = 'race';
const PINNED = 'pinned';
const STEP_TIMEOUT_MS = 120_000;

export interface OwnershipFigures {
  /** Who won the race and what the other one says. */
  race: string;
  /** The stall the pinned cluster showed while its credential pinned another subscription. */
  pinFlip: string;
  namespaceDeletion: string;
}

/** Reads Azure for the events' outcome: absent is undefined. */
export interface OwnershipAzure {
  cluster(rg: string, name: string, subscriptionId?: string): Promise<Arm.ManagedCluster | undefined>;
  pool(rg: string, cluster: string, name: string): Promise<Arm.AgentPool | undefined>;
}

export class OwnershipEvents {
  private b?: TestNamespace;
  private x?: TestNamespace;
  private readonly core: CoreV1Api;
  readonly figures: OwnershipFigures = { race: 'not run', pinFlip: 'not run', namespaceDeletion: 'not run' };
  /** ARM IDs (lower case) of clusters left in Azure by an Orphan policy on purpose. */
  readonly orphaned = new Set<string>();

  constructor(
    private readonly o: {
      kc: KubeConfig;
      main: Objects;
      random: SeededRandom;
      subscriptionId: string;
      otherSubscriptionId: string;
      log: (line: string) => void;
    },
  ) {
    this.core = o.kc.makeApiClient(CoreV1Api);
  }

  /** Azure writes the events ask for: 2 racing creates, the pinned create and its 2 tag changes, 3 creates and a delete. */
  static readonly PLANNED_WRITES = 9;
  /** Objects the events create. */
  static readonly OBJECTS = 7;

  /**
   * Creates the two namespaces (one holding a pinned credential); returns every namespace to watch, and
   * those whose objects act as the operator's own identity.
   */
  async setUp(): Promise<{ namespaces: string[]; withoutCredential: string[] }> {
    this.b = await createTestNamespace(this.o.kc, 'chaos-b');
    this.x = await createTestNamespace(this.o.kc, 'chaos-x');
    await this.core.createNamespacedSecret({
      namespace: this.b.name,
      body: { metadata: { name: CREDENTIAL_SECRET }, stringData: this.credential(this.o.subscriptionId) },
    });
    return { namespaces: [this.b.name, this.x.name], withoutCredential: [this.x.name] };
  }

  get resourceGroup(): string {
    return `rg-${this.ns('b').name}`;
  }

  private ns(which: 'b' | 'x'): TestNamespace {
    const n = which === 'b' ? this.b : this.x;
    if (!n) throw new Error('the ownership namespaces were not set up');
    return n;
  }

  private credential(subscriptionId: string): Record<string, string> {
    return { tenantId: 't', clientId: 'c', clientSecret: 's', subscriptionId };
  }

  private spec(rg: string, extra: Partial<ManagedClusterSpecInput> = {}): ManagedClusterSpecInput {
    return {
      subscriptionId: this.o.subscriptionId,
      resourceGroup: rg,
      location: 'eastus',
      kubernetesVersion: '1.33',
      systemPool: { azureName: 'system', vmSize: 'Standard_D4s_v3', count: 1 },
      ...extra,
    };
  }

  /** Runs the three events, each from a seeded moment, until all were applied. */
  async run(signal: AbortSignal): Promise<void> {
    const r = this.o.random;
    const delays = [r.between(0, 6000), r.between(0, 4000), r.between(2000, 8000)];
    await Promise.all([
      this.race(delays[0] ?? 0),
      this.pinFlip(delays[1] ?? 0, signal),
      this.deleteNamespace(delays[2] ?? 0, signal),
    ]);
  }

  private async race(delayMs: number): Promise<void> {
    await sleep(delayMs);
    const b = new Objects(this.ns('b').name, this.o.kc);
    await Promise.all([
      this.o.main.createCluster(RACE, this.spec(this.resourceGroup)),
      b.createCluster(RACE, this.spec(this.resourceGroup)),
    ]);
    this.o.log(`ownership: two objects created for cluster ${RACE} in ${this.resourceGroup}`);
  }

  private async pinFlip(delayMs: number, signal: AbortSignal): Promise<void> {
    const b = new Objects(this.ns('b').name, this.o.kc);
    const { subscriptionId: _pinnedByTheCredential, ...unpinned } = this.spec(this.resourceGroup);
    await b.createCluster(PINNED, unpinned);
    await waitFor(() => isProvisioned(b, PINNED), {
      timeoutMs: STEP_TIMEOUT_MS,
      intervalMs: 250,
      message: `cluster ${PINNED} to record its ARM ID`,
      signal,
    });
    await sleep(delayMs);
    await this.setPin(this.o.otherSubscriptionId);
    // The Secret is read at the next reconcile: a spec change brings one at once.
    await b.patch('cluster', PINNED, { spec: { tags: { pin: 'other' } } });
    const stall = await waitFor(() => stalledReason(b, PINNED), {
      timeoutMs: STEP_TIMEOUT_MS,
      intervalMs: 250,
      message: `cluster ${PINNED} to stall while its credential pins another subscription`,
      until: (reason) => reason !== undefined,
      signal,
    });
    this.figures.pinFlip = stall ?? 'none';
    await sleep(this.o.random.between(500, 2000));
    await this.setPin(this.o.subscriptionId);
    await b.patch('cluster', PINNED, { spec: { tags: { pin: 'back' } } });
    this.o.log(`ownership: pin flipped and back; ${PINNED} stalled with ${stall} meanwhile`);
  }

  private async setPin(subscriptionId: string): Promise<void> {
    await this.core.replaceNamespacedSecret({
      name: CREDENTIAL_SECRET,
      namespace: this.ns('b').name,
      body: { metadata: { name: CREDENTIAL_SECRET }, stringData: this.credential(subscriptionId) },
    });
  }

  /** Cluster xo (Orphan) with pool xp (Delete), and cluster xd (Delete); the namespace goes once all are anchored. */
  private async deleteNamespace(delayMs: number, signal: AbortSignal): Promise<void> {
    const ns = this.ns('x');
    const x = new Objects(ns.name, this.o.kc);
    const rg = `rg-${ns.name}`;
    await x.createCluster('xo', this.spec(rg, { deletionPolicy: 'Orphan' }));
    await x.createCluster('xd', this.spec(rg, { deletionPolicy: 'Delete' }));
    await x.createPool('xp', {
      clusterRef: { name: 'xo' },
      vmSize: 'Standard_D4s_v3',
      count: 1,
      deletionPolicy: 'Delete',
    });
    await waitFor(
      async () =>
        (await isProvisioned(x, 'xo')) &&
        (await isProvisioned(x, 'xd')) &&
        (await isPoolProvisioned(x, 'xp')),
      {
        timeoutMs: STEP_TIMEOUT_MS,
        intervalMs: 250,
        message: 'xo, xd and xp to record their ARM IDs',
        signal,
      },
    );
    const xo = await x.cluster('xo');
    const recorded = xo.status?.azureResourceID;
    if (recorded) this.orphaned.add(recorded.toLowerCase());
    await sleep(delayMs);
    await ns.delete();
    this.o.log(`ownership: namespace ${ns.name} deleted (xo Orphan with xp Delete, xd Delete)`);
  }

  /** Why the events have not ended as they must yet; empty once they have. */
  async unconverged(azure: OwnershipAzure): Promise<string[]> {
    const out: string[] = [];
    const b = new Objects(this.ns('b').name, this.o.kc);
    const [mine, theirs] = [await outcome(this.o.main, RACE), await outcome(b, RACE)];
    this.figures.race = `${this.o.main.namespace}: ${mine}; ${b.namespace}: ${theirs}`;
    const outcomes = [mine, theirs];
    if (!(outcomes.includes('Ready') && outcomes.some((x) => API_REASONS.has(x))))
      out.push(
        `race for ${RACE}: one must be Ready and the other stalled with an API reason, got ${this.figures.race}`,
      );
    const pinned = await outcome(b, PINNED);
    if (this.figures.pinFlip !== Reason.ResourceIDChanged)
      out.push(`cluster ${PINNED} stalled with ${this.figures.pinFlip} while its pin pointed elsewhere`);
    if (pinned !== 'Ready') out.push(`cluster ${PINNED} is ${pinned} after its pin came back`);
    if (await azure.cluster(this.resourceGroup, PINNED, this.o.otherSubscriptionId))
      out.push(`cluster ${PINNED} exists in the subscription its credential pinned for a while`);
    const x = this.ns('x');
    const rgX = `rg-${x.name}`;
    const left = {
      namespace: await namespaceExists(this.core, x.name),
      xo: Boolean(await azure.cluster(rgX, 'xo')),
      xp: Boolean(await azure.pool(rgX, 'xo', 'xp')),
      xd: Boolean(await azure.cluster(rgX, 'xd')),
    };
    const kept = (is: boolean): string => (is ? 'kept' : 'gone');
    this.figures.namespaceDeletion = `namespace ${left.namespace ? 'still there' : 'gone'}; in Azure: xo (Orphan) ${kept(left.xo)}, its pool xp (Delete) ${kept(left.xp)}, xd (Delete) ${kept(left.xd)}`;
    // A pool whose cluster goes with the namespace follows the cluster's policy (docs/ownership.md).
    if (left.namespace || !left.xo || !left.xp || left.xd)
      out.push(`namespace deletion: ${this.figures.namespaceDeletion}`);
    return out;
  }

  async close(): Promise<void> {
    await Promise.all([this.b, this.x].map(async (n) => n?.delete()));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function conditions(o: { status?: { conditions?: unknown } }): Condition[] {
  return (o.status?.conditions as Condition[] | undefined) ?? [];
}

async function isProvisioned(objects: Objects, name: string): Promise<boolean> {
  return Boolean((await objects.cluster(name)).status?.azureResourceID);
}

async function isPoolProvisioned(objects: Objects, name: string): Promise<boolean> {
  return Boolean((await objects.pool(name)).status?.azureResourceID);
}

/** The Stalled reason, once the cluster stalls at its current generation. */
async function stalledReason(objects: Objects, name: string): Promise<string | undefined> {
  const mc: ManagedCluster = await objects.cluster(name);
  const stalled = getCondition(conditions(mc), 'Stalled');
  return stalled?.status === 'True' && mc.status?.observedGeneration === mc.metadata.generation
    ? stalled.reason
    : undefined;
}

/** 'Ready' (at the current generation), the Stalled reason, or what else the cluster says. */
async function outcome(objects: Objects, name: string): Promise<string> {
  const mc = await objects.cluster(name).catch(() => undefined);
  if (!mc) return 'missing';
  if (mc.status?.observedGeneration !== mc.metadata.generation) return 'not observed';
  const ready = getCondition(conditions(mc), 'Ready');
  if (ready?.status === 'True') return 'Ready';
  return (await stalledReason(objects, name)) ?? `Ready=${ready?.status ?? '?'} (${ready?.reason ?? '?'})`;
}

async function namespaceExists(core: CoreV1Api, name: string): Promise<boolean> {
  try {
    await core.readNamespace({ name });
    return true;
  } catch (err: unknown) {
    if (err instanceof ApiException && err.code === 404) return false;
    throw err;
  }
}
