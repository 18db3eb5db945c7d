// Which way an upgrade goes: a blue/green replacement in progress continues; with the BlueGreen strategy
// a version or node-image upgrade starts one; with Surge a node-image upgrade is AKS's in-place reimage
// (a Surge version upgrade stays the pool PUT of the ordinary decision). The abort-replacement annotation
// holds any new replacement.
import type * as Arm from '@azure/arm-containerservice';
import {
  NodePoolReason,
  PoolUpgradePhase,
  UpgradeStrategy,
  type ManagedCluster,
  type NodePool,
  type NodePoolStatus,
} from '../../api/index.js';
import type { Result } from '../../runtime/index.js';
import type { StatusReport } from '../shared/status-report.js';
import type { BlueGreenPass, BlueGreenReplacer } from './blue-green/replacer.js';
import { holdReplacement } from './blue-green/abort.js';
import { isBlueGreenUpgrade } from './blue-green/decide.js';
import { activePoolName } from './blue-green/names.js';
import type { PoolDecision } from './decide.js';
import type { ExternalNodePool } from './external.js';
import { nodeImageToReach, pinnedSnapshot } from './node-image.js';
import type { LatestImageReads } from './node-image-policy.js';
import { requestedBy } from '../shared/requested-by.js';
import type { SnapshotLookup } from '../shared/snapshot-ref.js';

export interface RouteInput {
  /** The effective NodePool. */
  np: NodePool;
  report: StatusReport<NodePoolStatus>;
  ext: ExternalNodePool;
  /** ARM ID of the active pool. */
  id: string;
  clusterId: string;
  observed: Arm.AgentPool | undefined;
  decision: PoolDecision;
  replacer: BlueGreenReplacer;
  snapshots: SnapshotLookup | undefined;
  cluster: ManagedCluster;
  latestReads: LatestImageReads;
  nowMs: number;
  signal: AbortSignal;
  write: BlueGreenPass['write'];
}

/** The result of the upgrade step taken, or undefined when the ordinary decision applies. */
export async function routeUpgrade(input: RouteInput): Promise<Result | undefined> {
  const { np, report, observed } = input;
  const pinned = pinnedSnapshot(np, input.snapshots);
  const pass: BlueGreenPass = {
    ...input,
    old: observed,
    ...(pinned ? { twinSnapshotId: pinned.snapshotId } : {}),
    ...(pinned?.kubernetesVersion ? { twinSnapshotVersion: pinned.kubernetesVersion } : {}),
  };
  if (report.draft.blueGreen) return input.replacer.run(pass);
  if (isBlueGreenUpgrade(np.spec, input.decision))
    return (
      holdReplacement(np, report) ??
      stampRequest(input, await input.replacer.start(pass, np.spec.orchestratorVersion ?? ''))
    );
  if (input.decision.action !== 'inSync' || !observed || observed.powerState?.code === 'Stopped')
    return undefined;
  const goal = await nodeImageToReach({ ...input, observed });
  if (!goal) return undefined;
  if (np.spec.upgradeStrategy === UpgradeStrategy.BlueGreen) {
    const held = holdReplacement(np, report);
    if (held) return held;
    // Same version, new image: a twin pool comes up with the newest image AKS offers.
    const version = observed.currentOrchestratorVersion ?? observed.orchestratorVersion ?? '';
    return stampRequest(input, await input.replacer.start(pass, version));
  }
  report.draft.upgrade = {
    phase: PoolUpgradePhase.Upgrading,
    step: `upgrading the node image to ${goal.image}`,
    startedAt: new Date(input.nowMs).toISOString(),
    ...requestOf(np),
  };
  return input.write(
    'UpgradeNodeImage',
    `upgrading the node image of ${activePoolName(np)} to ${goal.image}`,
    (s) => input.ext.upgradeNodeImage(input.id, s, goal.snapshotId),
    NodePoolReason.UpgradingNodeImage,
  );
}

function requestOf(np: NodePool): { requestedBy?: string } {
  const requested = requestedBy(np);
  return requested ? { requestedBy: requested } : {};
}

/** Marks the upgrade record with the request it serves (an UpgradePlan tells its own upgrade by it). */
function stampRequest(input: RouteInput, result: Result): Result {
  const upgrade = input.report.draft.upgrade;
  if (upgrade) Object.assign(upgrade, requestOf(input.np));
  return result;
}
