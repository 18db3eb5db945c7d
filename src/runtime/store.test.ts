import type { KubeObject } from './reconciler.js';
import { ObjectStore } from './store.js';

const obj = (name: string, rv: string, namespace = 'ns', uid = `uid-${name}`): KubeObject => ({
  metadata: { name, namespace, resourceVersion: rv, uid },
});
const names = (xs: KubeObject[]): string[] => xs.map((x) => x.metadata?.name ?? '').sort();

describe('ObjectStore', () => {
  it('gets by key and lists by namespace', () => {
    const s = new ObjectStore<KubeObject>();
    s.upsert(obj('a', '1'));
    s.upsert(obj('b', '1', 'other'));
    s.upsert({ metadata: { name: 'node1', resourceVersion: '1' } });
    expect(s.get({ namespace: 'ns', name: 'a' })?.metadata?.name).toBe('a');
    expect(s.get({ namespace: '', name: 'node1' })).toBeDefined();
    expect(s.get({ namespace: 'other', name: 'a' })).toBeUndefined();
    expect(names(s.list('ns'))).toEqual(['a']);
    expect(names(s.list())).toEqual(['a', 'b', 'node1']);
  });

  it('replace reports added, changed and vanished objects', () => {
    const s = new ObjectStore<KubeObject>();
    for (const o of [obj('same', '1'), obj('changed', '1'), obj('gone', '1'), obj('recreated', '1')])
      s.upsert(o);
    const diff = s.replace([
      obj('same', '1'),
      obj('changed', '2'),
      obj('new', '3'),
      obj('recreated', '1', 'ns', 'uid-2'),
    ]);
    expect(names(diff.added)).toEqual(['new']);
    expect(names(diff.updated.map((u) => u.current))).toEqual(['changed', 'recreated']);
    expect(names(diff.deleted)).toEqual(['gone']);
    expect(names(s.list())).toEqual(['changed', 'new', 'recreated', 'same']);
  });

  it('remove returns what was stored', () => {
    const s = new ObjectStore<KubeObject>();
    s.upsert(obj('a', '1'));
    expect(s.remove(obj('a', '2'))?.metadata?.resourceVersion).toBe('1');
    expect(s.remove(obj('a', '2'))).toBeUndefined();
    expect(s.size).toBe(0);
  });
});
