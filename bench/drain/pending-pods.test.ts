import { PendingPods, podState, type PodState } from './pending-pods.js';

const pod = (uid: string, state: Partial<PodState> = {}): PodState => ({
  uid,
  isPending: false,
  isUnschedulable: false,
  isDeleted: false,
  ...state,
});

describe('PendingPods', () => {
  it('times each pod from first seen Pending until seen leaving Pending, running or deleted', () => {
    const pending = new PendingPods();
    pending.observe(pod('a', { isPending: true }), 100);
    pending.observe(pod('b', { isPending: true }), 150);
    pending.observe(pod('a', { isPending: true }), 180);
    pending.observe(pod('c', { isPending: true }), 200);
    pending.observe(pod('a'), 400);
    pending.observe(pod('b', { isPending: true, isDeleted: true }), 250);
    pending.observe(pod('c'), 260);
    expect(pending.summary(1000)).toEqual({
      pods: 3,
      medianMs: 100,
      maxMs: 300,
      mostAtOnce: 3,
      unschedulable: 0,
      stillPending: 0,
    });
  });

  it('counts a pod still Pending until now, and the pods the scheduler found no node for', () => {
    const pending = new PendingPods();
    pending.observe(pod('a', { isPending: true }), 0);
    pending.observe(pod('a', { isPending: true, isUnschedulable: true }), 50);
    pending.observe(pod('b'), 60);
    expect(pending.summary(500)).toMatchObject({ pods: 1, maxMs: 500, unschedulable: 1, stillPending: 1 });
  });

  it('has nothing to report when no pod was Pending', () => {
    expect(new PendingPods().summary(10)).toEqual({
      pods: 0,
      medianMs: 0,
      maxMs: 0,
      mostAtOnce: 0,
      unschedulable: 0,
      stillPending: 0,
    });
  });

  it('reads a pod being deleted as no longer Pending, and an unscheduled one as Unschedulable', () => {
    const unscheduled = podState(
      {
        metadata: { uid: 'u' },
        status: {
          phase: 'Pending',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }],
        },
      },
      false,
    );
    expect(unscheduled).toEqual({ uid: 'u', isPending: true, isUnschedulable: true, isDeleted: false });
    const leaving = podState(
      { metadata: { uid: 'v', deletionTimestamp: new Date() }, status: { phase: 'Pending' } },
      false,
    );
    expect(leaving.isPending).toBe(false);
  });
});
