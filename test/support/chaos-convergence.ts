// Observed states of a chaos run's objects: step preconditions (read from the management cluster) and
// the final check that every object converged: at its final spec in Kubernetes and in Azure, or gone
// (a pool read from Azure under the name that serves it, status.activePoolName, its replaced pools gone).
import type * as Arm from '@azure/arm-containerservice';
import { BlueGreenPhase, type ManagedCluster, type NodePool } from '../../src/api/index.js';
import { getCondition, type Condition } from '../../src/runtime/index.js';
import { REPLACEMENT_STEPS, type Expected, type Precondition } from './chaos-batch.js';
import type { Objects } from './operator.js';
import { waitFor, WaitTimeoutError } from './wait.js';

type Obj = ManagedCluster | NodePool;

function condition(o: Obj, type: string): Condition | undefined {
  return getCondition(o.status?.conditions as Condition[] | undefined, type);
}

function isCurrent(o: Obj): boolean {
  return o.status?.observedGeneration === o.metadata.generation;
}

async function read(objects: Objects, which: 'cluster' | 'pool', name: string): Promise<Obj | undefined> {
  return (await objects.isGone(which, name))
    ? undefined
    : which === 'cluster'
      ? objects.cluster(name)
      : objects.pool(name);
}

export async function holds(objects: Objects, p: Precondition): Promise<boolean> {
  const o = await read(objects, p.object, p.name);
  if (!o) return false;
  switch (p.state) {
    case 'exists':
      return true;
    case 'provisioned':
      return Boolean(o.status?.azureResourceID);
    case 'ready':
      return isCurrent(o) && condition(o, 'Ready')?.status === 'True';
    case 'powerState':
      return o.status?.powerState === p.powerState;
    case 'stalled': {
      const stalled = condition(o, 'Stalled');
      return stalled?.status === 'True' && stalled.reason === p.reason;
    }
    case 'replacing': {
      const np = o as NodePool;
      const phase = np.status?.blueGreen?.phase;
      const reached = REPLACEMENT_STEPS.indexOf(phase as (typeof REPLACEMENT_STEPS)[number]);
      return (
        reached >= REPLACEMENT_STEPS.indexOf(p.phase as (typeof REPLACEMENT_STEPS)[number]) ||
        ((phase === undefined || phase === BlueGreenPhase.Completed) && np.status?.activePoolName === p.twin)
      );
    }
  }
}

export interface AzureReader {
  cluster(name: string): Promise<Arm.ManagedCluster | undefined>;
  pool(cluster: string, name: string): Promise<Arm.AgentPool | undefined>;
}

export function azureReader(azure: Arm.ContainerServiceClient, rg: string): AzureReader {
  const absent = (err: unknown): undefined => {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  };
  return {
    cluster: (name) => azure.managedClusters.get(rg, name).catch(absent),
    pool: (cluster, name) => azure.agentPools.get(rg, cluster, name).catch(absent),
  };
}

const hasMinor = (full: string | undefined, minor: string | undefined): boolean =>
  minor === undefined || full === minor || (full ?? '').startsWith(`${minor}.`);

/** Why `e` has not converged yet, or undefined when it has. */
export async function whyNotConverged(
  objects: Objects,
  azure: AzureReader,
  e: Expected,
): Promise<string | undefined> {
  const o = await read(objects, e.which, e.name);
  if (e.which === 'pool') {
    const cluster = e.gone ? e.cluster : e.spec.clusterRef.name;
    for (const old of e.replaced) {
      if (await azure.pool(cluster, old))
        return `pool ${e.name}: the replaced agent pool ${old} still exists`;
    }
  }
  if (e.gone) {
    const inAzure =
      e.which === 'cluster' ? await azure.cluster(e.name) : await azure.pool(e.cluster, e.azureName);
    if (o) return `${e.which} ${e.name} still exists in Kubernetes`;
    return inAzure ? `${e.which} ${e.name} is gone from Kubernetes but still exists in Azure` : undefined;
  }
  if (!o) return `${e.which} ${e.name} is missing from Kubernetes`;
  if (!isCurrent(o))
    return `${e.which} ${e.name} has not observed generation ${o.metadata.generation ?? '?'}`;
  const ready = condition(o, 'Ready');
  const isStopped = e.spec.powerState === 'Stopped';
  const stoppedReason = e.which === 'cluster' ? 'ClusterStopped' : 'PoolStopped';
  if (isStopped ? ready?.reason !== stoppedReason : ready?.status !== 'True') {
    return `${e.which} ${e.name} is Ready=${ready?.status ?? '?'} (${ready?.reason ?? '?'}: ${ready?.message ?? ''})`;
  }
  return e.which === 'cluster'
    ? clusterDiffers(
        e.name,
        e.spec.kubernetesVersion,
        e.spec.powerState ?? 'Running',
        await azure.cluster(e.name),
      )
    : poolDiffers(e, o as NodePool, azure);
}

function clusterDiffers(
  name: string,
  version: string,
  power: string,
  mc: Arm.ManagedCluster | undefined,
): string | undefined {
  if (!mc) return `cluster ${name} is missing from Azure`;
  if (mc.provisioningState !== 'Succeeded')
    return `cluster ${name} is ${mc.provisioningState ?? '?'} in Azure`;
  if (mc.powerState?.code !== power) return `cluster ${name} is ${mc.powerState?.code ?? '?'} in Azure`;
  if (!hasMinor(mc.currentKubernetesVersion, version))
    return `cluster ${name} runs ${mc.currentKubernetesVersion ?? '?'} in Azure, not ${version}`;
  return undefined;
}

async function poolDiffers(
  e: Extract<Expected, { which: 'pool'; gone: false }>,
  np: NodePool,
  azure: AzureReader,
): Promise<string | undefined> {
  const name = e.name;
  const active = np.status?.activePoolName ?? e.spec.azureName ?? e.name;
  if (active !== e.azureName) return `pool ${name} is served by agent pool ${active}, not ${e.azureName}`;
  const ap = await azure.pool(e.spec.clusterRef.name, active);
  if (!ap) return `pool ${name} is missing from Azure`;
  if (ap.provisioningState !== 'Succeeded') return `pool ${name} is ${ap.provisioningState ?? '?'} in Azure`;
  const power = e.spec.powerState ?? 'Running';
  if (ap.powerState?.code !== power) return `pool ${name} is ${ap.powerState?.code ?? '?'} in Azure`;
  if (power === 'Running' && ap.count !== e.spec.count)
    return `pool ${name} has ${ap.count ?? '?'} nodes in Azure, not ${e.spec.count ?? '?'}`;
  if (!hasMinor(ap.currentOrchestratorVersion, e.spec.orchestratorVersion))
    return `pool ${name} runs ${ap.currentOrchestratorVersion ?? '?'} in Azure, not ${e.spec.orchestratorVersion ?? '?'}`;
  return undefined;
}

/** One line per object that has not converged; empty when all have. */
export async function unconverged(
  objects: Objects,
  azure: AzureReader,
  expected: Expected[],
): Promise<string[]> {
  const why = await Promise.all(expected.map((e) => whyNotConverged(objects, azure, e)));
  return why.filter((w): w is string => w !== undefined);
}

/**
 * Waits until `check` finds nothing unconverged and returns [], or returns what it last found after
 * `timeoutMs`: kept, not thrown, so a run prints its figures before it fails.
 */
export function untilConverged(
  check: () => Promise<string[]>,
  o: { timeoutMs: number; message: string },
): Promise<string[]> {
  return waitFor(check, { ...o, intervalMs: 500, until: (why) => why.length === 0 }).then(
    () => [],
    (err: unknown) =>
      err instanceof WaitTimeoutError && Array.isArray(err.lastObserved)
        ? (err.lastObserved as string[])
        : [String(err)],
  );
}
