import type { RemovedApi } from './deprecated-api-table.js';
import { listingFor } from './gatherer.js';
import type { ServedResource } from './gatherer.js';

const row = (apiVersion: string, kind: string, replacement: string | null): RemovedApi => ({
  apiVersion,
  group: apiVersion.includes('/') ? (apiVersion.split('/')[0] as string) : '',
  version: apiVersion.split('/').pop() as string,
  kind,
  deprecatedIn: null,
  removedIn: '1.22',
  replacement,
  isListKind: false,
  isServedByApiServer: true,
  isAddon: false,
});

const served: ServedResource[] = [
  {
    groupVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    name: 'ingresses',
    isNamespaced: true,
    isListable: true,
  },
  {
    groupVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    name: 'horizontalpodautoscalers',
    isNamespaced: true,
    isListable: true,
  },
  {
    groupVersion: 'snapshot.storage.k8s.io/v1beta1',
    kind: 'VolumeSnapshot',
    name: 'volumesnapshots',
    isNamespaced: true,
    isListable: true,
  },
  {
    groupVersion: 'authentication.k8s.io/v1',
    kind: 'TokenReview',
    name: 'tokenreviews',
    isNamespaced: false,
    isListable: false,
  },
];

describe('listingFor', () => {
  it.each([
    {
      name: 'lists a removed Ingress version where its replacement is served',
      r: row('extensions/v1beta1', 'Ingress', 'networking.k8s.io/v1'),
      want: 'networking.k8s.io/v1',
    },
    {
      name: 'lists a removed HPA version at the served replacement',
      r: row('autoscaling/v2beta2', 'HorizontalPodAutoscaler', 'autoscaling/v2'),
      want: 'autoscaling/v2',
    },
    {
      name: 'lists an add-on kind at the deprecated version when only that is served',
      r: row('snapshot.storage.k8s.io/v1beta1', 'VolumeSnapshot', 'snapshot.storage.k8s.io/v1'),
      want: 'snapshot.storage.k8s.io/v1beta1',
    },
    {
      name: 'skips a kind the cluster does not serve at all (PodSecurityPolicy on 1.35)',
      r: row('policy/v1beta1', 'PodSecurityPolicy', null),
      want: undefined,
    },
  ])('$name', ({ r, want }) => expect(listingFor(r, served)?.groupVersion).toBe(want));
});
