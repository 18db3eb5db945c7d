import type * as Arm from '@azure/arm-containerservice';
import { Annotation, BlueGreenPhase, type NodePoolStatus } from '../../api/index.js';
import type { FieldDiff } from '../shared/field-diff.js';
import { nodePool } from '../testing/objects.js';
import { decidePass, type PassDecision, type PassFacts } from './pass-decision.js';

const OLD_IMAGE = 'AKSUbuntu-2204gen2containerd-202601.02.0';
const NEW_IMAGE = 'AKSUbuntu-2204gen2containerd-202601.09.0';
const pool: Arm.AgentPool = {
  provisioningState: 'Succeeded',
  powerState: { code: 'Running' },
  count: 2,
  orchestratorVersion: '1.33',
  nodeImageVersion: OLD_IMAGE,
};
const upgrade: FieldDiff = { path: 'spec.orchestratorVersion', action: 'upgrade' };
const count: FieldDiff = { path: 'spec.count', action: 'update' };
const resize: FieldDiff = { path: 'spec.vmSize', action: 'immutable' };
const osSku: FieldDiff = { path: 'spec.osSKU', action: 'immutable' };
const replacing: NodePoolStatus = {
  blueGreen: {
    twinPoolName: 'user1b',
    phase: BlueGreenPhase.WaitingForTwin,
    startedAt: '2026-03-02T10:00:00Z',
  },
};

interface Case {
  strategy?: 'Surge' | 'BlueGreen';
  annotations?: Record<string, string>;
  status?: NodePoolStatus;
  observed?: Arm.AgentPool | null;
  diffs?: FieldDiff[];
  wantedVersion?: string;
  held?: boolean;
  latest?: string | null;
  isLatestReadDue?: boolean;
  mayFollowLatest?: boolean;
  pinnedImage?: string;
  isTwinNameTaken?: boolean;
  replacement?: PassFacts['blueGreen'];
}

function facts(c: Case): PassFacts {
  const np = nodePool({
    spec: {
      upgradeStrategy: c.strategy ?? 'Surge',
      ...(c.wantedVersion ? { orchestratorVersion: c.wantedVersion } : {}),
    },
    ...(c.annotations ? { annotations: c.annotations } : {}),
  });
  const status = c.status ?? {};
  const observed = c.observed === null ? undefined : (c.observed ?? pool);
  return {
    np,
    status,
    nowMs: Date.UTC(2026, 2, 2, 11),
    pool: {
      observed,
      diffs: c.diffs ?? [],
      wantedVersion: c.wantedVersion,
      controlPlaneVersion: '1.34',
      isSpecApplied: true,
      driftPolicy: 'Revert',
      isStalledByAzure: false,
    },
    hold: c.held ? { plan: 'fleet', generation: 2, applied: 1, released: 1 } : undefined,
    blueGreen: c.replacement,
    image: {
      np,
      status,
      current: observed?.nodeImageVersion,
      pinned: c.pinnedImage
        ? { snapshotId: 'snap-1', image: c.pinnedImage, kubernetesVersion: '1.33' }
        : undefined,
      mayFollowLatest: c.mayFollowLatest ?? false,
      isLatestReadDue: c.isLatestReadDue ?? true,
      ...(c.latest !== undefined ? { latest: { image: c.latest ?? undefined } } : {}),
    },
    ...(c.isTwinNameTaken !== undefined ? { isTwinNameTaken: c.isTwinNameTaken } : {}),
  };
}

/** The action, and what tells its cases apart (the fact asked for, the reason, the step…). */
function summary(d: PassDecision): string {
  switch (d.action) {
    case 'observe':
      return `observe ${d.fact}`;
    case 'blocked':
      return `blocked ${d.by} ${d.reason}`;
    case 'replace':
      return `replace ${d.step.do}`;
    case 'startReplacement':
      return `startReplacement ${d.targetVersion}`;
    case 'upgradeNodeImage':
      return `upgradeNodeImage ${d.image}${d.snapshotId ? ` from ${d.snapshotId}` : ''}`;
    case 'update':
      return `update ${d.type}`;
    case 'inSync':
      return d.imageReached ? `inSync reached ${d.imageReached}` : 'inSync';
    default:
      return d.action;
  }
}

const TARGET_LATEST = { [Annotation.NodeImageTarget]: 'latest' };

describe('decidePass', () => {
  it.each<[string, Case, string]>([
    ['creates an absent pool', { observed: null }, 'create'],
    ['waits while Azure runs an operation', { observed: { ...pool, provisioningState: 'Scaling' } }, 'wait'],
    ['scales', { diffs: [count] }, 'update Scale'],
    [
      'upgrades the version in place with Surge',
      { diffs: [upgrade], wantedVersion: '1.34' },
      'update Upgrade',
    ],
    ['holds a spec write while an UpgradePlan holds the generation', { diffs: [count], held: true }, 'held'],
    ['is in sync without any node-image request', {}, 'inSync'],
    [
      'asks for the newest image before deciding a node-image request',
      { annotations: TARGET_LATEST },
      'observe latestNodeImage',
    ],
    [
      'reimages in place with Surge when the pool lacks the image asked',
      { annotations: TARGET_LATEST, latest: NEW_IMAGE },
      `upgradeNodeImage ${NEW_IMAGE}`,
    ],
    [
      'answers a request the pool already meets',
      { annotations: TARGET_LATEST, latest: OLD_IMAGE },
      `inSync reached ${OLD_IMAGE}`,
    ],
    [
      'blocks on an image AKS does not offer',
      {
        annotations: { [Annotation.NodeImageTarget]: 'AKSUbuntu-2204gen2containerd-202612.01.0' },
        latest: NEW_IMAGE,
      },
      'blocked spec NodeImageNotOffered',
    ],
    [
      'reimages from a pinned snapshot with a newer image, without reading Azure',
      { pinnedImage: NEW_IMAGE },
      `upgradeNodeImage ${NEW_IMAGE} from snap-1`,
    ],
    [
      'asks for the newest image under policy Latest when a read is due',
      { mayFollowLatest: true },
      'observe latestNodeImage',
    ],
    [
      'reads no image under policy Latest before the interval',
      { mayFollowLatest: true, isLatestReadDue: false },
      'inSync',
    ],
    [
      'leaves the image of a stopped pool alone',
      { annotations: TARGET_LATEST, observed: { ...pool, powerState: { code: 'Stopped' } } },
      'inSync',
    ],
    [
      'asks whether the twin name is free before a BlueGreen version upgrade',
      { strategy: 'BlueGreen', diffs: [upgrade], wantedVersion: '1.34' },
      'observe twinName',
    ],
    [
      'starts a replacement for a BlueGreen version upgrade',
      { strategy: 'BlueGreen', diffs: [upgrade], wantedVersion: '1.34', isTwinNameTaken: false },
      'startReplacement 1.34',
    ],
    [
      'starts a replacement at the running version for a BlueGreen node-image upgrade',
      { strategy: 'BlueGreen', annotations: TARGET_LATEST, latest: NEW_IMAGE, isTwinNameTaken: false },
      'startReplacement 1.33',
    ],
    [
      'stalls on a new VM size with Surge (AKS cannot resize a pool)',
      { diffs: [resize] },
      'immutableDiffers',
    ],
    [
      'starts a replacement at the running version for a new VM size with BlueGreen',
      { strategy: 'BlueGreen', diffs: [resize], isTwinNameTaken: false },
      'startReplacement 1.33',
    ],
    [
      'takes a version the control plane allows along with a new VM size, in one replacement',
      { strategy: 'BlueGreen', diffs: [resize], wantedVersion: '1.34', isTwinNameTaken: false },
      'startReplacement 1.34',
    ],
    [
      'keeps the running version for a new VM size while the control plane is below the version asked',
      { strategy: 'BlueGreen', diffs: [resize], wantedVersion: '1.35', isTwinNameTaken: false },
      'startReplacement 1.33',
    ],
    [
      'stalls with BlueGreen when another setting fixed at creation differs too',
      { strategy: 'BlueGreen', diffs: [resize, osSku], isTwinNameTaken: false },
      'immutableDiffers',
    ],
    [
      'holds a new VM size while an UpgradePlan holds the generation',
      { strategy: 'BlueGreen', diffs: [resize], held: true, isTwinNameTaken: false },
      'held',
    ],
    [
      'blocks a replacement whose twin name another pool has',
      { strategy: 'BlueGreen', diffs: [upgrade], wantedVersion: '1.34', isTwinNameTaken: true },
      'blocked spec TwinPoolNameTaken',
    ],
    [
      'holds any new replacement while the abort annotation is set',
      {
        strategy: 'BlueGreen',
        diffs: [upgrade],
        wantedVersion: '1.34',
        annotations: { [Annotation.AbortReplacement]: 'ops' },
      },
      'blocked annotation ReplacementHeld',
    ],
    [
      'continues a replacement in progress, even while an UpgradePlan holds the generation',
      {
        strategy: 'BlueGreen',
        status: replacing,
        held: true,
        diffs: [count],
        replacement: { twin: { provisioningState: 'Succeeded', count: 2 }, twinReadyNodes: 1 },
      },
      'replace wait',
    ],
    [
      'moves a replacement on once the twin serves',
      {
        strategy: 'BlueGreen',
        status: replacing,
        replacement: { twin: { provisioningState: 'Succeeded', count: 2 }, twinReadyNodes: 2 },
      },
      'replace advance',
    ],
    [
      'rolls a replacement back on request',
      {
        strategy: 'BlueGreen',
        status: replacing,
        annotations: { [Annotation.AbortReplacement]: 'ops' },
        replacement: { twin: { provisioningState: 'Creating', count: 2 } },
      },
      'replace abort',
    ],
    [
      'deletes the old pool once the twin serves what it ran',
      {
        strategy: 'BlueGreen',
        status: { blueGreen: { ...replacing.blueGreen!, phase: BlueGreenPhase.DeletingOld } },
        replacement: {
          twin: { provisioningState: 'Succeeded', count: 2 },
          twinReadyNodes: 2,
          shortWorkloads: [],
          oldDrainedAtMs: [Date.UTC(2026, 2, 2, 10, 30)],
        },
      },
      'replace deleteOld',
    ],
  ])('%s', (_title, c, expected) => {
    expect(summary(decidePass(facts(c)))).toBe(expected);
  });
});
