// What one NodePool pass reads before it decides, each thing once and nothing written: the active agent
// pool, the replacement in progress (its twin in Azure, its nodes by phase), and, only when the decision
// asks for them, the newest node image AKS offers and whether the twin's name is free.
import type * as Arm from '@azure/arm-containerservice';
import type { DriftPolicy, ManagedCluster, NodePool, NodePoolStatus, UpgradePlan } from '../../api/index.js';
import { agentPoolId } from '../../azure/index.js';
import { changeHold, livePlans } from '../shared/change-hold.js';
import { isStalledByAzure } from '../shared/last-operation.js';
import type { ObjectCache } from '../shared/object-cache.js';
import { requestedBy } from '../shared/requested-by.js';
import type { SnapshotLookup } from '../shared/snapshot-ref.js';
import { nodeImageTarget } from '../shared/upgrade-target.js';
import type { BlueGreenReplacer } from './blue-green/replacer.js';
import { twinPoolName } from './blue-green/names.js';
import { comparePool } from './compare.js';
import type { ExternalNodePool } from './external.js';
import { pinnedSnapshot } from './node-image.js';
import { mayFollowLatest, type LatestImageReads } from './node-image-policy.js';
import { decidePass, type PassFacts } from './pass-decision.js';

export interface ObserveInput {
  /** The effective NodePool. */
  np: NodePool;
  /** Status as the pass found it; read only. */
  status: NodePoolStatus;
  cluster: ManagedCluster;
  clusterId: string;
  controlPlaneVersion: string;
  /** ARM ID of the active pool. */
  id: string;
  /** The active pool as the operation this pass saw finish read it last; spares reading it again. */
  finished?: Arm.AgentPool;
  ext: ExternalNodePool;
  replacer: BlueGreenReplacer;
  plans: ObjectCache<UpgradePlan> | undefined;
  snapshots: SnapshotLookup | undefined;
  latestReads: LatestImageReads;
  driftPolicy: DriftPolicy;
  /** Whether status says Azure has this generation. */
  isSpecApplied: boolean;
  /** Stalls the pass unless the agent pool Azure has at `id` is this NodePool's to act on. */
  requireOwnership: (observed: Arm.AgentPool) => void;
  nowMs: number;
  signal: AbortSignal;
}

/** Reads what the pass's decision needs; the decision names the costly facts it lacks (see decidePass). */
export async function observePass(input: ObserveInput): Promise<PassFacts> {
  const { np, status, ext, signal } = input;
  // A shared listing that shows the pool absent, not written since, spares the read (a create is
  // conditional, so a pool made meanwhile answers 412 and is read on the next pass).
  // A create or update this pass saw finish ended with a read of the pool: that read is the observation.
  const observed =
    input.finished ?? (ext.isListedAbsent(input.id) ? undefined : await ext.observe(input.id, signal));
  if (observed) input.requireOwnership(observed);
  const generation = np.metadata.generation ?? 0;
  const pinned = pinnedSnapshot(np, input.snapshots);
  const key = `${np.metadata.namespace ?? ''}/${np.metadata.name ?? ''}`;
  const facts: PassFacts = {
    np,
    status,
    nowMs: input.nowMs,
    pool: {
      observed,
      diffs: observed ? comparePool(np.spec, observed) : [],
      wantedVersion: np.spec.orchestratorVersion,
      controlPlaneVersion: input.controlPlaneVersion,
      isSpecApplied: input.isSpecApplied,
      driftPolicy: input.driftPolicy,
      isStalledByAzure: isStalledByAzure(np.status, generation, requestedBy(np)),
    },
    hold: changeHold(np, livePlans(input.plans, np.metadata.namespace ?? '')),
    blueGreen: status.blueGreen
      ? await input.replacer.read({ np, status, ext, clusterId: input.clusterId, old: observed, signal })
      : undefined,
    image: {
      np,
      status,
      current: observed?.nodeImageVersion,
      pinned,
      mayFollowLatest: mayFollowLatest(np, input.cluster, input.nowMs),
      isLatestReadDue: input.latestReads.isDue(key, generation, input.nowMs),
    },
  };
  // At most two costly facts, each read once.
  for (let asked = decidePass(facts); asked.action === 'observe'; asked = decidePass(facts)) {
    if (asked.fact === 'latestNodeImage') {
      facts.image.latest = { image: await ext.latestNodeImage(input.id, signal) };
      // Reads for nodeImage.policy Latest are spaced by the interval; a request's are not.
      if (!nodeImageTarget(np)) input.latestReads.record(key, generation, input.nowMs);
    } else {
      facts.isTwinNameTaken =
        (await ext.observe(agentPoolId(input.clusterId, twinPoolName(np)), signal)) !== undefined;
    }
  }
  return facts;
}
