import type * as Arm from '@azure/arm-containerservice';
import { Annotation, AzureTag, BlueGreenPhase, ownerTagValue } from '../../../api/index.js';
import { nodePool } from '../../testing/objects.js';
import { isOwnTwin, tooLateNote } from './abort.js';
import { decideBlueGreen, type BlueGreenFacts, type BlueGreenStep } from './decide.js';

const ok: Arm.AgentPool = { provisioningState: 'Succeeded', count: 3 };
const deleting: Arm.AgentPool = { provisioningState: 'Deleting', count: 3 };
const MINUTE = 60_000;

function facts(f: Partial<BlueGreenFacts>): BlueGreenFacts {
  return {
    phase: BlueGreenPhase.CreatingTwin,
    twinName: 'user1b',
    old: ok,
    twin: ok,
    twinReadyNodes: 3,
    servingTimeoutMs: 30 * MINUTE,
    ...f,
  };
}

const stepOf = (f: Partial<BlueGreenFacts>): BlueGreenStep => decideBlueGreen(facts(f));

describe('decideBlueGreen with the abort-replacement annotation', () => {
  it.each<[string, Partial<BlueGreenFacts>]>([
    ['while the twin is being created', { phase: BlueGreenPhase.CreatingTwin, twin: undefined }],
    ['while waiting for the twin nodes', { phase: BlueGreenPhase.WaitingForTwin, twinReadyNodes: 1 }],
    ['while cordoning the old nodes', { phase: BlueGreenPhase.Cordoning, uncordonedOldNodes: 2 }],
    ['while draining the old pool', { phase: BlueGreenPhase.Draining }],
    [
      'once drained, before the old pool delete is sent',
      { phase: BlueGreenPhase.DeletingOld, shortWorkloads: [], drainedForMs: MINUTE },
    ],
    [
      'after a twin failure stalled it',
      { phase: BlueGreenPhase.RollingBack, twin: { provisioningState: 'Failed' } },
    ],
  ])('rolls back when asked %s', (_, f) => {
    expect(stepOf({ ...f, abortAskedBy: 'plan-a' })).toEqual({ do: 'abort', by: 'plan-a' });
  });

  it.each<[string, Partial<BlueGreenFacts>, BlueGreenStep['do']]>([
    ['the old pool is being deleted', { phase: BlueGreenPhase.DeletingOld, old: deleting }, 'wait'],
    ['the old pool is gone', { phase: BlueGreenPhase.DeletingOld, old: undefined }, 'tagTwinActive'],
    ['the replacement completed', { phase: BlueGreenPhase.Completed }, 'complete'],
  ])('finishes the replacement when asked too late: %s', (_, f, expected) => {
    expect(stepOf({ ...f, abortAskedBy: 'plan-a' }).do).toBe(expected);
  });

  it.each<[string, Partial<BlueGreenFacts>, BlueGreenStep['do']]>([
    ['uncordons the old nodes first', { cordonedOldNodes: 3 }, 'uncordon'],
    ['reads the old nodes before anything else', { cordonedOldNodes: undefined }, 'uncordon'],
    ['drains the twin back once no old node is cordoned', { cordonedOldNodes: 0 }, 'drainTwin'],
    [
      'waits for an operation on the twin before draining it',
      { cordonedOldNodes: 0, twin: { provisioningState: 'Creating' } },
      'wait',
    ],
    [
      'drains a failed twin back too (it may have nodes)',
      { cordonedOldNodes: 0, twin: { provisioningState: 'Failed' } },
      'drainTwin',
    ],
    ['ends when Azure has no twin', { cordonedOldNodes: 0, twin: undefined }, 'rolledBack'],
    [
      'keeps the twin as the active pool when the old pool vanished',
      { cordonedOldNodes: 0, old: undefined },
      'advance',
    ],
  ])('rolling back on request %s', (_, f, expected) => {
    const base = { phase: BlueGreenPhase.RollingBack, abortedBy: 'plan-a' };
    expect(stepOf({ ...base, ...f }).do).toBe(expected);
  });

  it('goes on rolling back once the annotation is removed, and never takes that for a retry', () => {
    const step = stepOf({
      phase: BlueGreenPhase.RollingBack,
      abortedBy: 'plan-a',
      cordonedOldNodes: 0,
      isRetryAsked: true,
    });
    expect(step.do).toBe('drainTwin');
  });

  it.each<[string, Partial<BlueGreenFacts>, BlueGreenStep['do']]>([
    ['deletes the drained twin', { twin: ok }, 'deleteTwin'],
    ['waits while the twin is being deleted', { twin: deleting }, 'wait'],
    ['ends once the twin is gone', { twin: undefined }, 'rolledBack'],
  ])('DeletingTwin %s', (_, f, expected) => {
    expect(stepOf({ phase: BlueGreenPhase.DeletingTwin, abortedBy: 'plan-a', ...f }).do).toBe(expected);
  });

  it('leaves a replacement without the annotation alone', () => {
    expect(stepOf({ phase: BlueGreenPhase.Draining })).toEqual({ do: 'drain' });
  });
});

describe('isOwnTwin', () => {
  const np = nodePool({ name: 'user1', spec: { azureName: 'user1' } });
  const owner = ownerTagValue({ kind: 'NodePool', namespace: 'team-a', name: 'user1' });
  it.each<[string, Arm.AgentPool, boolean]>([
    ['deletes the twin this NodePool tagged', { name: 'user1b', tags: { [AzureTag.Owner]: owner } }, true],
    [
      'never a pool another object owns',
      {
        name: 'user1b',
        tags: { [AzureTag.Owner]: ownerTagValue({ kind: 'NodePool', namespace: 'team-a', name: 'other' }) },
      },
      false,
    ],
    ['never the active pool', { name: 'user1', tags: { [AzureTag.Owner]: owner } }, false],
  ])('%s', (_, twin, expected) => {
    expect(isOwnTwin(np, twin)).toBe(expected);
  });
});

describe('abort annotation outside a rollback', () => {
  const annotated = nodePool({ name: 'user1', annotations: { [Annotation.AbortReplacement]: 'plan-a' } });
  it('says an abort came too late when the replacement completes with the annotation set', () => {
    expect(tooLateNote(annotated, {})).toContain('abort-replacement=plan-a came after');
    expect(tooLateNote(nodePool({ name: 'user1' }), {})).toBeUndefined();
  });
});
