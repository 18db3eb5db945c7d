import { Annotation, Reason, type ManagedCluster } from '../../api/index.js';
import { changeHeldProgress, changeHold, heldBy, holdsWrite, livePlans } from './change-hold.js';

function cluster(o: {
  generation: number;
  applied?: number;
  annotations?: Record<string, string>;
}): Pick<ManagedCluster, 'metadata' | 'status'> {
  return {
    metadata: {
      name: 'c1',
      generation: o.generation,
      ...(o.annotations ? { annotations: o.annotations } : {}),
    },
    status: o.applied === undefined ? {} : { appliedGeneration: o.applied },
  };
}

const marked = (released: string, stage?: string): Record<string, string> => ({
  [Annotation.ChangesHeldBy]: 'changes',
  [Annotation.ReleasedGeneration]: released,
  ...(stage ? { [Annotation.ChangesStage]: stage } : {}),
});

describe('changeHold', () => {
  it.each([
    ['is not marked by a plan', cluster({ generation: 3, applied: 2 })],
    [
      'was never applied (a new object is created as declared)',
      cluster({ generation: 3, annotations: marked('1') }),
    ],
    ['has applied its generation', cluster({ generation: 3, applied: 3, annotations: marked('1') })],
    ['was released at its generation', cluster({ generation: 3, applied: 2, annotations: marked('3') })],
  ])('lets an object write that %s', (_, obj) => {
    expect(changeHold(obj)).toBeUndefined();
  });

  it('holds a generation above the released one and names plan, generations and stage', () => {
    const hold = changeHold(cluster({ generation: 3, applied: 2, annotations: marked('2', 'prod') }));
    expect(hold).toEqual({ plan: 'changes', stage: 'prod', generation: 3, applied: 2, released: 2 });
  });

  it('holds when the released generation cannot be read', () => {
    expect(changeHold(cluster({ generation: 3, applied: 2, annotations: marked('two') }))?.released).toBe(0);
  });

  it('holds nothing for a plan that no longer exists', () => {
    const obj = cluster({ generation: 3, applied: 2, annotations: marked('2') });
    expect(changeHold(obj, () => false)).toBeUndefined();
  });
});

describe('holdsWrite', () => {
  it.each(['create', 'update', 'updateTags'])('holds the spec write %s', (action) => {
    expect(holdsWrite(action)).toBe(true);
  });
  it.each(['start', 'stop', 'wait', 'inSync', 'hold', 'stopped'])('never holds %s', (action) => {
    expect(holdsWrite(action)).toBe(false);
  });
});

describe('changeHeldProgress', () => {
  it('reads Ready with reason ChangeHeld, so kstatus sees the object Current', () => {
    const progress = changeHeldProgress({
      plan: 'changes',
      stage: 'prod',
      generation: 3,
      applied: 2,
      released: 2,
    });
    expect(progress).toMatchObject({ state: 'ready', reason: Reason.ChangeHeld });
    expect(progress.message).toContain('changes');
    expect(progress.message).toContain('stage prod');
  });
});

describe('livePlans', () => {
  const plans = { get: ({ name }: { name: string }) => (name === 'changes' ? {} : undefined) };
  it('tells a plan of the cache from a deleted one, and takes every plan for live without a cache', () => {
    const live = livePlans(plans as never, 'fleet');
    expect([live('changes'), live('gone'), livePlans(undefined, 'fleet')('gone')]).toEqual([
      true,
      false,
      true,
    ]);
  });
});

describe('heldBy', () => {
  it('names the objects the plan marked, not those of another plan', () => {
    const mine = {
      metadata: { name: 'a', namespace: 'fleet', annotations: { [Annotation.ChangesHeldBy]: 'changes' } },
    };
    const other = {
      metadata: { name: 'b', namespace: 'fleet', annotations: { [Annotation.ChangesHeldBy]: 'other' } },
    };
    expect(heldBy({ metadata: { name: 'changes' } }, [mine, other])).toEqual([
      { namespace: 'fleet', name: 'a' },
    ]);
  });
});
