import { decideNodeImage, type NodeImageFacts } from './node-image.js';

const OLD = 'AKSUbuntu-2204gen2containerd-202601.02.0';
const NEW = 'AKSUbuntu-2204gen2containerd-202601.09.0';

describe('decideNodeImage', () => {
  it.each<[string, NodeImageFacts, string, string?]>([
    ['wants nothing without the annotation', { target: undefined, current: OLD, latest: NEW }, 'none'],
    [
      'upgrades to the newest image for latest',
      { target: 'latest', current: OLD, latest: NEW },
      'upgrade',
      NEW,
    ],
    [
      'is done when the pool runs the newest image',
      { target: 'latest', current: NEW, latest: NEW },
      'done',
      NEW,
    ],
    [
      'waits for the profile before deciding latest',
      { target: 'latest', current: OLD, latest: undefined },
      'none',
    ],
    [
      'upgrades to a named image AKS offers as newest',
      { target: NEW, current: OLD, latest: NEW },
      'upgrade',
      NEW,
    ],
    ['never takes an image back', { target: OLD, current: NEW, latest: NEW }, 'done', NEW],
    [
      'cannot reach a named image newer than AKS offers',
      { target: 'AKSUbuntu-2204gen2containerd-202612.01.0', current: OLD, latest: NEW },
      'unreachable',
    ],
  ])('%s', (_name, facts, state, ...rest) => {
    const decided = decideNodeImage(facts);
    expect(decided.state).toBe(state);
    if (rest[0]) expect(decided).toMatchObject({ image: rest[0] });
  });
});
