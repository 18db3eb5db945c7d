// Which agent pool serves a NodePool when status no longer says (a restore, a re-created object, a
// wiped status): the pair of names a NodePool alternates between carries the active pool's name in an
// Azure tag, written when a twin is created and when it takes over. The tag, not the base name, then
// decides, so a lost status never creates the base-name pool again beside a running twin; a twin
// found beside the active pool resumes its replacement.
import type * as Arm from '@azure/arm-containerservice';
import {
  Annotation,
  AzureTag,
  BlueGreenPhase,
  PoolUpgradePhase,
  parseOwnerTag,
  type NodePool,
  type NodePoolStatus,
} from '../../../api/index.js';
import type { StatusReport } from '../../shared/status-report.js';
import { alternateName } from './names.js';
import { poolAzureName } from '../desired.js';
import type { ExternalNodePool } from '../external.js';

const same = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

export interface RecoveredPools {
  /** The agent pool that serves the NodePool. */
  active: string;
  /** A twin of an interrupted replacement, found beside the active pool. */
  twin?: { name: string; version?: string };
}

/** The two Azure names a NodePool alternates between: its base name and its twin's. */
const pairNames = (np: NodePool): string[] => [poolAzureName(np), alternateName(np)];

/** Whether the pool's owner tag, when it has one, names this NodePool. */
function isOurs(np: NodePool, pool: Arm.AgentPool): boolean {
  const owner = parseOwnerTag(pool.tags?.[AzureTag.Owner]);
  if (!owner) return true;
  return (
    owner.kind.toLowerCase() === 'nodepool' &&
    owner.namespace === np.metadata.namespace &&
    owner.name === np.metadata.name
  );
}

/** The pools the tags of the NodePool's pair name; undefined when no pool of the pair records one. */
export function recoverPools(np: NodePool, pools: Arm.AgentPool[]): RecoveredPools | undefined {
  const names = pairNames(np);
  const pair = pools.filter((p) => names.some((n) => same(n, p.name)) && isOurs(np, p));
  const named = pair.map((p) => p.tags?.[AzureTag.ActivePool]).find((v) => names.some((n) => same(n, v)));
  if (!named) return undefined;
  const find = (n: string): Arm.AgentPool | undefined => pair.find((p) => same(p.name, n));
  const other = names.find((n) => !same(n, named)) as string;
  // The named pool gone and the other there: the replacement deleted the old pool before it could tag.
  if (!find(named)) return find(other) ? { active: other } : undefined;
  const twin = find(other);
  if (!twin) return { active: named };
  const version = twin.orchestratorVersion ?? twin.currentOrchestratorVersion;
  return { active: named, twin: { name: other, ...(version ? { version } : {}) } };
}

/**
 * Whether the status a pass would go on from does not name the active pool although the object has
 * recorded the Azure pool it means (the anchor annotation, kept by a restore and written before the
 * first write to Azure): wiped (a restore), or written since only by passes that stopped before they
 * knew it (waiting for the cluster or for a sibling pool's operation). Conditions alone do not count.
 * A new or re-created object records its anchor first, so Azure is asked once, before its first
 * create, and never on the passes that wait for its cluster.
 */
export function isStatusLost(np: NodePool): boolean {
  const s = np.status;
  const isAnchored = np.metadata?.annotations?.[Annotation.AzureResourceId] !== undefined;
  return isAnchored && !s?.activePoolName && !s?.blueGreen;
}

export interface RecoverInput {
  np: NodePool;
  report: StatusReport<NodePoolStatus>;
  ext: ExternalNodePool;
  clusterId: string;
  nowMs: number;
  signal: AbortSignal;
}

/**
 * With no status.activePoolName, asks Azure which pool is active and records it (and a replacement to
 * resume) in the status draft. Returns the NodePool to go on with: unchanged when status already says.
 */
export async function recoverActivePool(input: RecoverInput): Promise<NodePool> {
  const { np, report } = input;
  if (!isStatusLost(np)) return np;
  // The cluster's listing its pools share: read once for all of them, unless this pair was written since.
  const pools = await input.ext.sharedPools(input.clusterId, pairNames(np), input.signal);
  if (!pools) return np;
  // No pool of the pair names an active one: the base name serves (or is to be created), and saying so
  // spares the next passes the list.
  const found = recoverPools(np, pools) ?? { active: poolAzureName(np) };
  const status: NodePoolStatus = { ...np.status, activePoolName: found.active };
  report.draft.activePoolName = found.active;
  if (found.twin) {
    const at = new Date(input.nowMs).toISOString();
    const target = found.twin.version ?? np.spec.orchestratorVersion ?? '';
    // Resumed where every step is safe to repeat: the twin is checked, the old nodes cordoned again.
    status.blueGreen = { twinPoolName: found.twin.name, phase: BlueGreenPhase.WaitingForTwin, startedAt: at };
    status.upgrade = {
      phase: PoolUpgradePhase.Replacing,
      step: `resuming the replacement of ${found.active} by twin pool ${found.twin.name} (found in Azure)`,
      startedAt: at,
      ...(target ? { targetVersion: target } : {}),
    };
    report.draft.blueGreen = status.blueGreen;
    report.draft.upgrade = status.upgrade;
  }
  return { ...np, status };
}
