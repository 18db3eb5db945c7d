import { resourcePath } from './list-watch.js';

describe('resourcePath', () => {
  it.each([
    [{ group: '', version: 'v1', plural: 'pods', namespace: 'ns' }, '/api/v1/namespaces/ns/pods'],
    [{ group: '', version: 'v1', plural: 'nodes' }, '/api/v1/nodes'],
    [
      { group: 'aks.lifecycle.dev', version: 'v1alpha1', plural: 'nodepools' },
      '/apis/aks.lifecycle.dev/v1alpha1/nodepools',
    ],
  ])('%j → %s', (ref, path) => {
    expect(resourcePath(ref)).toBe(path);
  });
});
