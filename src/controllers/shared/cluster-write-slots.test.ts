import type { NodePool } from '../../api/index.js';
import { busySibling, ClusterWriteSlots, SLOT_LAPSE_MS } from './cluster-write-slots.js';

const pool = (name: string, cluster: string, inProgress = false): NodePool =>
  ({
    metadata: { name, namespace: 'n' },
    spec: { clusterRef: { name: cluster } },
    status: inProgress ? { lastOperation: { result: 'InProgress' } } : {},
  }) as unknown as NodePool;

describe('ClusterWriteSlots', () => {
  it('lets one holder per cluster in and the same holder again', () => {
    const slots = new ClusterWriteSlots();
    expect(slots.tryAcquire('c1', 'a', 0)).toBe(true);
    expect(slots.tryAcquire('c1', 'b', 0)).toBe(false);
    expect(slots.tryAcquire('c1', 'a', 0)).toBe(true);
    expect(slots.tryAcquire('c2', 'b', 0)).toBe(true);
  });
  it('frees the slot only when its holder releases it', () => {
    const slots = new ClusterWriteSlots();
    slots.tryAcquire('c1', 'a', 0);
    slots.release('c1', 'b');
    expect(slots.holder('c1')).toBe('a');
    slots.release('c1', 'a');
    expect(slots.tryAcquire('c1', 'b', 0)).toBe(true);
  });
  it('lets a slot lapse when its holder never gives it back', () => {
    const slots = new ClusterWriteSlots();
    slots.tryAcquire('c1', 'a', 0);
    expect(slots.otherHolder('c1', 'b', SLOT_LAPSE_MS - 1)).toBe('a');
    expect(slots.tryAcquire('c1', 'b', SLOT_LAPSE_MS - 1)).toBe(false);
    expect(slots.otherHolder('c1', 'b', SLOT_LAPSE_MS)).toBeUndefined();
    expect(slots.tryAcquire('c1', 'b', SLOT_LAPSE_MS)).toBe(true);
    expect(slots.otherHolder('c1', 'b', SLOT_LAPSE_MS)).toBeUndefined();
  });
});

describe('busySibling', () => {
  it('finds a pool of the same cluster with an operation in progress', () => {
    const me = pool('a', 'c1');
    expect(busySibling(me, [me, pool('b', 'c1', true)])?.metadata.name).toBe('b');
  });
  it('ignores other clusters, idle pools and the pool itself', () => {
    const me = pool('a', 'c1', true);
    expect(busySibling(me, [me, pool('b', 'c2', true), pool('c', 'c1')])).toBeUndefined();
  });
});
