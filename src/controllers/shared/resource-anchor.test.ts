import { anchorStep, isReleaseAsked, recordedId, type AnchoredObject } from './resource-anchor.js';

const A = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1';
const B = '/subscriptions/s2/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1';
const ANN = 'aks.lifecycle.dev/azure-resource-id';

const obj = (annotation?: string, statusId?: string): AnchoredObject => ({
  metadata: { name: 'c1', ...(annotation ? { annotations: { [ANN]: annotation } } : {}) },
  ...(statusId ? { status: { azureResourceID: statusId } } : {}),
});

describe('anchorStep', () => {
  it.each<[string, AnchoredObject, string, ReturnType<typeof anchorStep>]>([
    ['records the spec ID when nothing is recorded', obj(), A, { do: 'record', id: A }],
    ['acts on the recorded ID when the spec names it', obj(A), A, { do: 'act', id: A }],
    [
      'matches IDs without regard to case, as ARM does',
      obj(A.toLowerCase()),
      A,
      { do: 'act', id: A.toLowerCase() },
    ],
    ['compares when the spec points elsewhere', obj(A), B, { do: 'compare', recorded: A, wanted: B }],
    [
      'takes the ID in status of an object from before the annotation, and records it',
      obj(undefined, A),
      A,
      { do: 'record', id: A },
    ],
    [
      'compares when an object from before the annotation points elsewhere',
      obj(undefined, A),
      B,
      { do: 'compare', recorded: A, wanted: B },
    ],
    [
      'prefers the annotation to status (a restore keeps annotations, not status)',
      obj(A, B),
      A,
      { do: 'act', id: A },
    ],
  ])('%s', (_title, o, wanted, expected) => {
    expect(anchorStep(o, wanted)).toEqual(expected);
  });

  it('reads the recorded ID from the annotation first', () => {
    expect(recordedId(obj(A, B))).toBe(A);
    expect(recordedId(obj(undefined, B))).toBe(B);
    expect(recordedId(obj())).toBeUndefined();
  });

  it('releases only on an explicit true', () => {
    const withRelease = (v: string): AnchoredObject => ({
      metadata: { annotations: { 'aks.lifecycle.dev/release': v } },
    });
    expect(isReleaseAsked(withRelease('true'))).toBe(true);
    expect(isReleaseAsked(withRelease('yes'))).toBe(false);
    expect(isReleaseAsked(obj())).toBe(false);
  });
});
