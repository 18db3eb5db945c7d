// Whether a node-image-only upgrade is wanted: the node-image-target annotation names `latest` or an
// image version, and the pool runs an older image. AKS reimages to the newest image it offers, so a
// named version is reached only when it is that newest one; an image is never taken back.
import type * as Arm from '@azure/arm-containerservice';
import {
  Annotation,
  NodePoolReason,
  PoolUpgradePhase,
  type ManagedCluster,
  type NodePool,
  type NodePoolStatus,
} from '../../api/index.js';
import { InvalidSpecError } from '../../runtime/index.js';
import { resolveSnapshot, type SnapshotLookup } from '../shared/snapshot-ref.js';
import { isSpecProblem } from '../shared/spec-problem.js';
import type { StatusReport } from '../shared/status-report.js';
import { requestedBy } from '../shared/requested-by.js';
import { nodeImageTarget } from '../shared/upgrade-target.js';
import type { ExternalNodePool } from './external.js';
import { mayFollowLatest, type LatestImageReads } from './node-image-policy.js';

export type NodeImageWanted =
  | { state: 'none' }
  | { state: 'done'; image: string }
  | { state: 'upgrade'; image: string }
  /** A named image AKS does not offer as its newest: it cannot be reached by a node-image upgrade. */
  | { state: 'unreachable'; message: string };

export interface NodeImageFacts {
  /** The annotation's value: `latest`, an image version, or undefined. */
  target: string | undefined;
  /** The image the pool runs. */
  current: string | undefined;
  /** The newest image AKS offers the pool. */
  latest: string | undefined;
}

/** `AKSUbuntu-2204gen2containerd-202601.09.0` → prefix and date tag. */
function split(image: string): { prefix: string; tag: string } {
  const at = image.lastIndexOf('-');
  return at < 0 ? { prefix: '', tag: image } : { prefix: image.slice(0, at), tag: image.slice(at + 1) };
}

/** Whether `a` is the same image line as `b` and at least as new. */
export function isAtLeast(a: string, b: string): boolean {
  const x = split(a);
  const y = split(b);
  if (x.prefix !== y.prefix) return a === b;
  const nums = (t: string): number[] => t.split('.').map((n) => Number(n) || 0);
  const [p, q] = [nums(x.tag), nums(y.tag)];
  for (let i = 0; i < Math.max(p.length, q.length); i++) {
    const d = (p[i] ?? 0) - (q[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

export function decideNodeImage(f: NodeImageFacts): NodeImageWanted {
  if (!f.target) return { state: 'none' };
  const wanted = f.target.toLowerCase() === 'latest' ? f.latest : f.target;
  if (!wanted) return { state: 'none' };
  if (f.current && isAtLeast(f.current, wanted)) return { state: 'done', image: f.current };
  if (f.latest && isAtLeast(f.latest, wanted)) return { state: 'upgrade', image: f.latest };
  return {
    state: 'unreachable',
    message: `node image ${wanted} is not offered for this pool (AKS offers ${f.latest ?? 'none'}); name an offered image or latest`,
  };
}

export interface NodeImageInput {
  np: NodePool;
  report: StatusReport<NodePoolStatus>;
  ext: ExternalNodePool;
  /** ARM ID of the active pool. */
  id: string;
  observed: Arm.AgentPool;
  snapshots: SnapshotLookup | undefined;
  cluster: ManagedCluster;
  /** When this pool last read its newest image, for nodeImage.policy Latest. */
  latestReads: LatestImageReads;
  nowMs: number;
  signal: AbortSignal;
}

/** The image a node-image upgrade moves to, and the snapshot it comes from when pinned to one. */
export interface NodeImageGoal {
  image: string;
  snapshotId?: string;
}

/** The NodePoolSnapshot named by spec.nodeImage.snapshotRef, when Ready: its ARM ID and node image. */
export function pinnedSnapshot(
  np: NodePool,
  snapshots: SnapshotLookup | undefined,
): { snapshotId: string; image: string | undefined; kubernetesVersion: string | undefined } | undefined {
  const ref = np.spec.nodeImage.snapshotRef;
  if (!ref) return undefined;
  const namespace = np.metadata.namespace ?? '';
  const resolved = resolveSnapshot(snapshots, namespace, ref, 'spec.nodeImage.snapshotRef', np.spec.vmSize);
  if (isSpecProblem(resolved)) return undefined;
  const status = snapshots?.get({ namespace, name: ref.name })?.status;
  return {
    snapshotId: resolved.snapshotId,
    image: status?.nodeImageVersion,
    kubernetesVersion: status?.kubernetesVersion,
  };
}

function markDone(input: NodeImageInput, image: string): undefined {
  const draft = input.report.draft;
  const upgrade = draft.upgrade;
  if (upgrade?.phase === PoolUpgradePhase.Upgrading) {
    upgrade.phase = PoolUpgradePhase.Succeeded;
    upgrade.step = `nodes run node image ${image}`;
  }
  // A node-image request the pool already met is answered too, so whoever asked sees it done.
  const requested = requestedBy(input.np);
  if (nodeImageTarget(input.np) && requested && draft.upgrade?.requestedBy !== requested) {
    draft.upgrade = {
      phase: PoolUpgradePhase.Succeeded,
      step: `nodes run node image ${image}`,
      requestedBy: requested,
    };
  }
  return undefined;
}

/** The request was answered already: no need to ask Azure for its newest image again. */
function isAnswered(np: NodePool, status: NodePoolStatus): boolean {
  const requested = requestedBy(np);
  return (
    requested !== undefined &&
    status.upgrade?.phase === PoolUpgradePhase.Succeeded &&
    status.upgrade.requestedBy === requested
  );
}

/**
 * With nodeImage.policy Latest and a channel that leaves images to the operator: the newest image when the
 * pool lacks it, read at most once per interval (and after an upgrade of its own, to see it done).
 */
async function latestToFollow(input: NodeImageInput): Promise<NodeImageGoal | undefined> {
  const { np, nowMs } = input;
  if (!mayFollowLatest(np, input.cluster, nowMs)) return undefined;
  const key = `${np.metadata.namespace ?? ''}/${np.metadata.name ?? ''}`;
  const generation = np.metadata.generation ?? 0;
  const isOwnUpgradeEnding =
    input.report.draft.upgrade?.phase === PoolUpgradePhase.Upgrading && !requestedBy(np);
  if (!isOwnUpgradeEnding && !input.latestReads.isDue(key, generation, nowMs)) return undefined;
  const latest = await input.ext.latestNodeImage(input.id, input.signal);
  input.latestReads.record(key, generation, nowMs);
  const current = input.observed.nodeImageVersion;
  if (!latest || (current && isAtLeast(current, latest)))
    return current ? markDone(input, current) : undefined;
  return { image: latest };
}

/**
 * The node image to upgrade to when the annotation (or, without it, spec.nodeImage.snapshotRef) asks
 * one the pool lacks; marks a node-image upgrade Succeeded once the pool runs it, and throws when the
 * image named cannot be reached.
 */
export async function nodeImageToReach(input: NodeImageInput): Promise<NodeImageGoal | undefined> {
  const current = input.observed.nodeImageVersion;
  const target = nodeImageTarget(input.np);
  if (!target) {
    const pinned = pinnedSnapshot(input.np, input.snapshots);
    if (!pinned?.image) return latestToFollow(input);
    // AKS moves a pool to a snapshot's image only when it is newer than what runs.
    if (current && isAtLeast(current, pinned.image)) return markDone(input, current);
    return { image: pinned.image, snapshotId: pinned.snapshotId };
  }
  if (isAnswered(input.np, input.report.draft)) return undefined;
  const latest = await input.ext.latestNodeImage(input.id, input.signal);
  const wanted = decideNodeImage({ target, current, latest });
  switch (wanted.state) {
    case 'none':
      return undefined;
    case 'upgrade':
      return { image: wanted.image };
    case 'unreachable':
      throw new InvalidSpecError(wanted.message, {
        reason: NodePoolReason.NodeImageNotOffered,
        field: `metadata.annotations[${Annotation.NodeImageTarget}]`,
      });
    case 'done':
      return markDone(input, wanted.image);
  }
}
