// Whether a node-image-only upgrade is wanted: the node-image-target annotation names `latest` or an
// image version, and the pool runs an older image. AKS reimages to the newest image it offers, so a
// named version is reached only when it is that newest one; an image is never taken back.
import { PoolUpgradePhase, type NodePool, type NodePoolStatus } from '../../api/index.js';
import { resolveSnapshot, type SnapshotLookup } from '../shared/snapshot-ref.js';
import { isSpecProblem } from '../shared/spec-problem.js';
import { requestedBy } from '../shared/requested-by.js';
import { nodeImageTarget } from '../shared/upgrade-target.js';

export type NodeImageWanted =
  | { state: 'none' }
  | { state: 'done'; image: string }
  /** From the snapshot named by spec.nodeImage.snapshotRef when `snapshotId` is set. */
  | { state: 'upgrade'; image: string; snapshotId?: string }
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

/** The NodePoolSnapshot named by spec.nodeImage.snapshotRef, when Ready (see pinnedSnapshot). */
export interface PinnedSnapshot {
  snapshotId: string;
  image: string | undefined;
  kubernetesVersion: string | undefined;
}

/** What the node-image decision of a pass knows. */
export interface ImageFacts {
  /** The effective NodePool. */
  np: NodePool;
  /** Status as this pass found it. */
  status: NodePoolStatus;
  /** The image the pool runs. */
  current: string | undefined;
  pinned: PinnedSnapshot | undefined;
  /** Whether nodeImage.policy Latest lets the operator move the image now (channel, window). */
  mayFollowLatest: boolean;
  /** Whether this pool's newest image is due to be read again (nodeImage.policy Latest). */
  isLatestReadDue: boolean;
  /** The newest image AKS offers the pool, when read this pass. */
  latest?: { image: string | undefined };
}

/** The NodePoolSnapshot named by spec.nodeImage.snapshotRef, when Ready: its ARM ID and node image. */
export function pinnedSnapshot(
  np: NodePool,
  snapshots: SnapshotLookup | undefined,
): PinnedSnapshot | undefined {
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

/** Records that the pool runs the image it was to reach: an upgrade of its own, or a request, is answered. */
export function recordImageReached(np: NodePool, draft: NodePoolStatus, image: string): void {
  const upgrade = draft.upgrade;
  if (upgrade?.phase === PoolUpgradePhase.Upgrading) {
    upgrade.phase = PoolUpgradePhase.Succeeded;
    upgrade.step = `nodes run node image ${image}`;
  }
  // A node-image request the pool already met is answered too, so whoever asked sees it done.
  const requested = requestedBy(np);
  if (nodeImageTarget(np) && requested && draft.upgrade?.requestedBy !== requested) {
    draft.upgrade = {
      phase: PoolUpgradePhase.Succeeded,
      step: `nodes run node image ${image}`,
      requestedBy: requested,
    };
  }
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
 * Whether the decision needs the newest image AKS offers: a request the pool has not answered yet, or
 * nodeImage.policy Latest when it may move the pool, read at most once per interval (and after an
 * upgrade of its own, to see it done). A pinned snapshot's image needs no read.
 */
export function needsLatestImage(f: ImageFacts): boolean {
  if (nodeImageTarget(f.np)) return !isAnswered(f.np, f.status);
  if (f.pinned?.image || !f.mayFollowLatest) return false;
  const isOwnUpgradeEnding = f.status.upgrade?.phase === PoolUpgradePhase.Upgrading && !requestedBy(f.np);
  return isOwnUpgradeEnding || f.isLatestReadDue;
}

/**
 * The node image to reach when the annotation (or, without it, spec.nodeImage.snapshotRef or
 * nodeImage.policy Latest) asks one the pool lacks; `done` once the pool runs it; `unreachable` when the
 * image named is not offered. Pure: the newest image is read beforehand when needsLatestImage says so.
 */
export function nodeImageGoal(f: ImageFacts): NodeImageWanted {
  const { current } = f;
  const target = nodeImageTarget(f.np);
  if (!target) {
    const pinned = f.pinned;
    if (pinned?.image) {
      // AKS moves a pool to a snapshot's image only when it is newer than what runs.
      if (current && isAtLeast(current, pinned.image)) return { state: 'done', image: current };
      return { state: 'upgrade', image: pinned.image, snapshotId: pinned.snapshotId };
    }
    if (!f.latest) return { state: 'none' };
    const latest = f.latest.image;
    if (!latest || (current && isAtLeast(current, latest)))
      return current ? { state: 'done', image: current } : { state: 'none' };
    return { state: 'upgrade', image: latest };
  }
  if (isAnswered(f.np, f.status) || !f.latest) return { state: 'none' };
  return decideNodeImage({ target, current, latest: f.latest.image });
}
