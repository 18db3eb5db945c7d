// A batch of lifecycle operations on a small fleet (create, scale, upgrade, blue/green replacement,
// stop/start, delete), with what goes wrong around them (a twin that fails to provision, a resource lock
// on a cluster as it is upgraded, a NodePool's status lost mid-replacement), planned from a seed, applied as their preconditions allow, and the final
// state it asks for. A new kind of operation is one more member of LifecycleOperation, one case in applyOperation
// and one in expectedState.
import {
  Annotation,
  BlueGreenPhase,
  GROUP,
  Plural,
  VERSION,
  type ManagedClusterSpecInput,
  type NodePoolSpecInput,
} from '../../src/api/index.js';
import type { Objects } from './operator.js';
import type { SeededRandom } from './chaos-random.js';
import { POOL_LABEL } from './blue-green-world.js';

export type Which = 'cluster' | 'pool';

export type LifecycleOperation =
  | { kind: 'createCluster'; name: string; spec: ManagedClusterSpecInput }
  | { kind: 'createPool'; name: string; spec: NodePoolSpecInput }
  | { kind: 'scalePool'; name: string; count: number }
  /** With lockedWrites: asked under a ReadOnly lock on the cluster, lifted once it refused that many writes. */
  | { kind: 'upgradeCluster'; name: string; version: string; lockedWrites?: number }
  | { kind: 'upgradePool'; name: string; version: string }
  | { kind: 'setClusterPower'; name: string; powerState: 'Running' | 'Stopped' }
  | { kind: 'setPoolPower'; name: string; powerState: 'Running' | 'Stopped' }
  | { kind: 'delete'; which: Which; name: string }
  /** A Deployment under a PDB on a pool of a cluster with nodes (nothing the operator is told about). */
  | { kind: 'deployWorkload'; cluster: string }
  /** A version change with upgradeStrategy BlueGreen: the pool is replaced by a twin agent pool. */
  | { kind: 'blueGreenUpgradePool'; name: string; version: string }
  /** Azure fails the next provisioning of agent pool `pool` of `cluster` (a twin's, say). */
  | { kind: 'failPoolProvisioning'; cluster: string; pool: string }
  /** The user asks a stalled pool to try again (the retry annotation). */
  | { kind: 'retryPool'; name: string }
  /** The NodePool's status replaced with {} through the status subresource, as a restore would leave it. */
  | { kind: 'wipePoolStatus'; name: string };

/** Azure faults a batch step can cause (the simulator's). */
export interface BatchAzure {
  failNextProvisioning(cluster: string, pool: string): void;
  /**
   * A ReadOnly lock on the cluster (its writes and its pools' meet 409 ScopeLocked), lifted once it refused
   * `writes` of them; absent: the batch locks nothing.
   */
  lockCluster?(cluster: string, writes: number): void;
}

/** What a batch step acts through: the management cluster, and the workload of the data-plane cluster. */
export interface BatchContext {
  objects: Objects;
  workload: { deploy(cluster: string): Promise<void> };
  azure: BatchAzure;
}

/** What must be observed on an object before a step may run. */
export type Precondition =
  | { object: Which; name: string; state: 'exists' | 'provisioned' | 'ready' }
  | { object: 'cluster'; name: string; state: 'powerState'; powerState: 'Running' | 'Stopped' }
  | { object: Which; name: string; state: 'stalled'; reason: string }
  /** A blue/green replacement at `phase` or a later step, or over (the twin serves). */
  | { object: 'pool'; name: string; state: 'replacing'; phase: BlueGreenPhase; twin: string };

export interface BatchStep {
  id: string;
  operation: LifecycleOperation;
  /** Steps applied before this one (their ids). */
  after: string[];
  /** Observed states required before this one. */
  when: Precondition[];
  /** Real milliseconds to wait once the preconditions hold, drawn from the seed. */
  jitterMs: number;
}

/** The final state the batch asks for, per object. */
export type Expected =
  | { which: 'cluster'; name: string; gone: true }
  | {
      which: 'pool';
      name: string;
      gone: true;
      cluster: string;
      azureName: string;
      /** Agent pools a blue/green replacement retired (which Azure may delete). */
      replaced: string[];
    }
  | { which: 'cluster'; name: string; gone: false; spec: ManagedClusterSpecInput }
  | {
      which: 'pool';
      name: string;
      gone: false;
      spec: NodePoolSpecInput;
      /** The agent pool that serves the NodePool at the end (a twin after a blue/green replacement). */
      azureName: string;
      replaced: string[];
    };

export interface FleetPlan {
  steps: BatchStep[];
  /** Resource group of every cluster. */
  resourceGroup: string;
}

const FROM_VERSION = '1.33';
const TO_VERSION = '1.34';
export const CAPACITY_VM_SIZE = 'Standard_D8s_v3';
const VM_SIZE = 'Standard_D4s_v3';
/** The one cluster with kwok nodes, its blue/green pool, and the workload on that pool. */
export const DATA_PLANE_CLUSTER = 'c4';
export const BLUE_GREEN_POOL = 'p4';
/** A second blue/green pool of the data-plane cluster, whose twin fails to provision once. */
export const FAILING_TWIN_POOL = 'p5';
/** The steps of a blue/green replacement, in order. */
export const REPLACEMENT_STEPS = [
  BlueGreenPhase.CreatingTwin,
  BlueGreenPhase.WaitingForTwin,
  BlueGreenPhase.Cordoning,
  BlueGreenPhase.Draining,
  BlueGreenPhase.DeletingOld,
] as const;
export const WORKLOAD = { namespace: 'shop', app: 'web', replicas: 3, maxUnavailable: 1 } as const;

/** Azure writes an operation asks of the operator (a blue/green replacement: twin, pin old, delete old). */
export function plannedWrites(op: LifecycleOperation): number {
  switch (op.kind) {
    case 'deployWorkload':
    case 'failPoolProvisioning':
    case 'wipePoolStatus':
      return 0;
    case 'blueGreenUpgradePool':
      return 3;
    default:
      return 1;
  }
}

/**
 * Four clusters and five user pools: c1 is upgraded under a resource lock that lifts after refusing a
 * few writes, with its pool p1 (which is scaled and runs on the VM size that loses capacity), c2 is stopped and started and its pool p2 scaled then stopped, c3 and
 * p3 are created and deleted; c4 has kwok nodes, and its 3-node pool p4, running a 3-replica Deployment
 * under a maxUnavailable 1 PDB, is replaced blue/green and loses its status at a seeded step of it;
 * c4's 1-node pool p5 is replaced blue/green too, its twin fails to provision, and a retry finishes it.
 */
export function planBatch(
  random: SeededRandom,
  options: { subscriptionId: string; resourceGroup: string },
): FleetPlan {
  const cluster = (): ManagedClusterSpecInput => ({
    subscriptionId: options.subscriptionId,
    resourceGroup: options.resourceGroup,
    location: 'eastus',
    kubernetesVersion: FROM_VERSION,
    systemPool: { azureName: 'system', vmSize: VM_SIZE, count: 1 },
  });
  const pool = (clusterName: string, vmSize: string, count: number): NodePoolSpecInput => ({
    clusterRef: { name: clusterName },
    vmSize,
    count,
  });
  const jitter = (): number => Math.round(random.between(0, 4000));
  const step = (
    id: string,
    operation: LifecycleOperation,
    after: string[] = [],
    when: Precondition[] = [],
  ): BatchStep => ({ id, operation, after, when, jitterMs: jitter() });
  const deletePoolEarly = random.next() < 0.5;
  const steps: BatchStep[] = [
    step('create-c1', { kind: 'createCluster', name: 'c1', spec: cluster() }),
    step('create-c2', { kind: 'createCluster', name: 'c2', spec: cluster() }),
    step('create-c3', { kind: 'createCluster', name: 'c3', spec: cluster() }),
    step('create-p1', { kind: 'createPool', name: 'p1', spec: pool('c1', CAPACITY_VM_SIZE, 2) }),
    step('create-p2', { kind: 'createPool', name: 'p2', spec: pool('c2', VM_SIZE, 1) }),
    step('create-p3', { kind: 'createPool', name: 'p3', spec: pool('c1', VM_SIZE, 1) }),
    step('scale-p1', { kind: 'scalePool', name: 'p1', count: random.int(3, 5) }, ['create-p1']),
    step('scale-p2', { kind: 'scalePool', name: 'p2', count: 2 }, ['create-p2']),
    // Asked under a lock: the upgrade meets ScopeLocked a few times, backs off, and lands once it lifts.
    step(
      'upgrade-c1',
      { kind: 'upgradeCluster', name: 'c1', version: TO_VERSION, lockedWrites: random.int(2, 4) },
      ['create-c1'],
      [{ object: 'cluster', name: 'c1', state: 'ready' }],
    ),
    // Applied while the control plane may still be upgrading: the operator must wait for it.
    step('upgrade-p1', { kind: 'upgradePool', name: 'p1', version: TO_VERSION }, ['upgrade-c1', 'scale-p1']),
    step(
      'stop-c2',
      { kind: 'setClusterPower', name: 'c2', powerState: 'Stopped' },
      ['create-c2'],
      [{ object: 'cluster', name: 'c2', state: 'ready' }],
    ),
    step(
      'start-c2',
      { kind: 'setClusterPower', name: 'c2', powerState: 'Running' },
      ['stop-c2'],
      [{ object: 'cluster', name: 'c2', state: 'powerState', powerState: 'Stopped' }],
    ),
    step(
      'stop-p2',
      { kind: 'setPoolPower', name: 'p2', powerState: 'Stopped' },
      ['start-c2', 'scale-p2'],
      [{ object: 'pool', name: 'p2', state: 'ready' }],
    ),
    step(
      'delete-p3',
      { kind: 'delete', which: 'pool', name: 'p3' },
      ['create-p3'],
      deletePoolEarly ? [] : [{ object: 'pool', name: 'p3', state: 'provisioned' }],
    ),
    step(
      'delete-c3',
      { kind: 'delete', which: 'cluster', name: 'c3' },
      ['create-c3'],
      [{ object: 'cluster', name: 'c3', state: 'provisioned' }],
    ),
    // The control plane is at the target already: the replacement starts as soon as it is asked.
    step('create-c4', {
      kind: 'createCluster',
      name: DATA_PLANE_CLUSTER,
      spec: { ...cluster(), kubernetesVersion: TO_VERSION },
    }),
    step('create-p4', {
      kind: 'createPool',
      name: BLUE_GREEN_POOL,
      spec: {
        ...pool(DATA_PLANE_CLUSTER, VM_SIZE, WORKLOAD.replicas),
        orchestratorVersion: FROM_VERSION,
        nodeLabels: { [POOL_LABEL.key]: POOL_LABEL.value },
      },
    }),
    step(
      'deploy-w4',
      { kind: 'deployWorkload', cluster: DATA_PLANE_CLUSTER },
      ['create-p4'],
      [{ object: 'pool', name: BLUE_GREEN_POOL, state: 'ready' }],
    ),
    step('upgrade-p4', { kind: 'blueGreenUpgradePool', name: BLUE_GREEN_POOL, version: TO_VERSION }, [
      'deploy-w4',
    ]),
    step(
      'wipe-p4',
      { kind: 'wipePoolStatus', name: BLUE_GREEN_POOL },
      ['upgrade-p4'],
      [
        {
          object: 'pool',
          name: BLUE_GREEN_POOL,
          state: 'replacing',
          phase: random.pick([
            BlueGreenPhase.WaitingForTwin,
            BlueGreenPhase.Cordoning,
            BlueGreenPhase.Draining,
          ]),
          twin: `${BLUE_GREEN_POOL}b`,
        },
      ],
    ),
    step('create-p5', {
      kind: 'createPool',
      name: FAILING_TWIN_POOL,
      spec: { ...pool(DATA_PLANE_CLUSTER, VM_SIZE, 1), orchestratorVersion: FROM_VERSION },
    }),
    step(
      'fail-p5b',
      { kind: 'failPoolProvisioning', cluster: DATA_PLANE_CLUSTER, pool: `${FAILING_TWIN_POOL}b` },
      ['create-p5'],
      [{ object: 'pool', name: FAILING_TWIN_POOL, state: 'ready' }],
    ),
    step('upgrade-p5', { kind: 'blueGreenUpgradePool', name: FAILING_TWIN_POOL, version: TO_VERSION }, [
      'fail-p5b',
    ]),
    step(
      'retry-p5',
      { kind: 'retryPool', name: FAILING_TWIN_POOL },
      ['upgrade-p5'],
      [{ object: 'pool', name: FAILING_TWIN_POOL, state: 'stalled', reason: 'TwinFailed' }],
    ),
  ];
  return { steps, resourceGroup: options.resourceGroup };
}

/** Makes the change in the management cluster, as a user (or GitOps) would. */
export async function applyOperation(context: BatchContext, op: LifecycleOperation): Promise<void> {
  const { objects } = context;
  switch (op.kind) {
    case 'createCluster':
      await objects.createCluster(op.name, op.spec);
      return;
    case 'createPool':
      await objects.createPool(op.name, op.spec);
      return;
    case 'scalePool':
      await objects.patch('pool', op.name, { spec: { count: op.count } });
      return;
    case 'upgradeCluster':
      if (op.lockedWrites !== undefined) context.azure.lockCluster?.(op.name, op.lockedWrites);
      await objects.patch('cluster', op.name, { spec: { kubernetesVersion: op.version } });
      return;
    case 'upgradePool':
      await objects.patch('pool', op.name, { spec: { orchestratorVersion: op.version } });
      return;
    case 'setClusterPower':
      await objects.patch('cluster', op.name, { spec: { powerState: op.powerState } });
      return;
    case 'setPoolPower':
      await objects.patch('pool', op.name, { spec: { powerState: op.powerState } });
      return;
    case 'delete':
      await objects.delete(op.which, op.name);
      return;
    case 'deployWorkload':
      await context.workload.deploy(op.cluster);
      return;
    case 'blueGreenUpgradePool':
      await objects.patch('pool', op.name, {
        spec: { upgradeStrategy: 'BlueGreen', orchestratorVersion: op.version },
      });
      return;
    case 'failPoolProvisioning':
      context.azure.failNextProvisioning(op.cluster, op.pool);
      return;
    case 'retryPool':
      await objects.patch('pool', op.name, {
        metadata: { annotations: { [Annotation.Retry]: String(Date.now()) } },
      });
      return;
    case 'wipePoolStatus':
      await wipeStatus(objects, op.name);
      return;
  }
}

/** Replaces the NodePool's status with {} (read, replace; again when the operator wrote in between). */
async function wipeStatus(objects: Objects, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const np = await objects.pool(name);
    try {
      await objects.api.replaceNamespacedCustomObjectStatus({
        group: GROUP,
        version: VERSION,
        plural: Plural.NodePool,
        namespace: objects.namespace,
        name,
        body: { ...np, status: {} },
      });
      return;
    } catch (err: unknown) {
      if ((err as { code?: number }).code !== 409 || attempt >= 20) throw err;
    }
  }
}

/** The final state the steps ask for, object by object (in creation order). */
export function expectedState(steps: BatchStep[]): Expected[] {
  const state = new Map<string, Expected>();
  const key = (which: Which, name: string): string => `${which}/${name}`;
  const live = <W extends Which>(which: W, name: string) => {
    const e = state.get(key(which, name));
    if (!e || e.gone || e.which !== which) throw new Error(`step on ${which} ${name} before it was created`);
    return e as Extract<Expected, { which: W; gone: false }>;
  };
  for (const { operation: op } of steps) {
    switch (op.kind) {
      case 'createCluster':
        state.set(key('cluster', op.name), { which: 'cluster', name: op.name, gone: false, spec: op.spec });
        break;
      case 'createPool':
        state.set(key('pool', op.name), {
          which: 'pool',
          name: op.name,
          gone: false,
          spec: op.spec,
          azureName: op.spec.azureName ?? op.name,
          replaced: [],
        });
        break;
      case 'scalePool': {
        const e = live('pool', op.name);
        e.spec = { ...e.spec, count: op.count };
        break;
      }
      case 'upgradeCluster': {
        const e = live('cluster', op.name);
        e.spec = { ...e.spec, kubernetesVersion: op.version };
        break;
      }
      case 'upgradePool': {
        const e = live('pool', op.name);
        e.spec = { ...e.spec, orchestratorVersion: op.version };
        break;
      }
      case 'setClusterPower': {
        const e = live('cluster', op.name);
        e.spec = { ...e.spec, powerState: op.powerState };
        break;
      }
      case 'setPoolPower': {
        const e = live('pool', op.name);
        e.spec = { ...e.spec, powerState: op.powerState };
        break;
      }
      case 'deployWorkload':
      case 'failPoolProvisioning':
      case 'retryPool':
      case 'wipePoolStatus':
        break;
      case 'blueGreenUpgradePool': {
        const e = live('pool', op.name);
        e.spec = { ...e.spec, upgradeStrategy: 'BlueGreen', orchestratorVersion: op.version };
        // The twin is spec.blueGreen.twinAzureName or azureName + 'b'; replacements alternate between them.
        const base = e.spec.azureName ?? op.name;
        const twin = e.spec.blueGreen?.twinAzureName ?? `${base}b`;
        e.replaced = [...e.replaced, e.azureName];
        e.azureName = e.azureName === twin ? base : twin;
        break;
      }
      case 'delete': {
        if (op.which === 'cluster') {
          live('cluster', op.name);
          state.set(key('cluster', op.name), { which: 'cluster', name: op.name, gone: true });
        } else {
          const e = live('pool', op.name);
          state.set(key('pool', op.name), {
            which: 'pool',
            name: op.name,
            gone: true,
            cluster: e.spec.clusterRef.name,
            azureName: e.azureName,
            replaced: e.replaced,
          });
        }
        break;
      }
    }
  }
  return [...state.values()];
}
