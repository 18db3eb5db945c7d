import type { LabelSelector } from '../../api/index.js';
import { DEFAULT_STAGE_NAME, SelectionReason, selectClusters, selectsLabels } from './select-clusters.js';
import type { LabelledCluster } from './select-clusters.js';

const fleet: LabelledCluster[] = [
  { name: 'prod-eu', labels: { env: 'prod', region: 'eu' } },
  { name: 'dev-1', labels: { env: 'dev' } },
  { name: 'staging-1', labels: { env: 'staging', canary: 'true' } },
  { name: 'prod-us', labels: { env: 'prod', region: 'us' } },
  { name: 'bare' },
];

describe('selectsLabels', () => {
  it.each<[string, LabelSelector | undefined, Record<string, string> | undefined, boolean]>([
    ['an absent selector selects every cluster', undefined, { env: 'dev' }, true],
    ['an empty selector selects a cluster without labels', {}, undefined, true],
    [
      'matchLabels needs every label with its value',
      { matchLabels: { env: 'prod', region: 'eu' } },
      { env: 'prod', region: 'us' },
      false,
    ],
    [
      'matchLabels selects a cluster carrying the labels and more',
      { matchLabels: { env: 'prod' } },
      { env: 'prod', region: 'us' },
      true,
    ],
    [
      'In selects a listed value',
      { matchExpressions: [{ key: 'env', operator: 'In', values: ['dev', 'staging'] }] },
      { env: 'staging' },
      true,
    ],
    [
      'In refuses a missing label',
      { matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }] },
      {},
      false,
    ],
    [
      'NotIn refuses a listed value',
      { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] },
      { env: 'prod' },
      false,
    ],
    [
      'NotIn selects a cluster without the label',
      { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] },
      {},
      true,
    ],
    [
      'Exists needs the key',
      { matchExpressions: [{ key: 'canary', operator: 'Exists' }] },
      { env: 'dev' },
      false,
    ],
    [
      'DoesNotExist refuses the key',
      { matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] },
      { canary: 'true' },
      false,
    ],
    [
      'matchLabels and matchExpressions must all hold',
      { matchLabels: { env: 'prod' }, matchExpressions: [{ key: 'region', operator: 'In', values: ['eu'] }] },
      { env: 'prod', region: 'us' },
      false,
    ],
  ])('%s', (_name, selector, labels, expected) => {
    expect(selectsLabels(selector, labels)).toBe(expected);
  });
});

describe('selectClusters', () => {
  it('puts every selected cluster in one stage named default when the plan has no stages', () => {
    const selection = selectClusters({ clusterSelector: { matchLabels: { env: 'prod' } } }, fleet);
    expect(selection.stages).toEqual([{ stage: DEFAULT_STAGE_NAME, clusters: ['prod-eu', 'prod-us'] }]);
    expect(selection.selected).toEqual(['prod-eu', 'prod-us']);
    expect(selection.findings).toEqual([]);
  });

  it('places a cluster in the first stage that selects it, even when a later stage selects it too', () => {
    const selection = selectClusters(
      {
        clusterSelector: {},
        stages: [
          {
            name: 'canary',
            clusterSelector: { matchExpressions: [{ key: 'canary', operator: 'Exists' }] },
            maxConcurrency: 1,
            soakMinutes: 0,
            requireApproval: false,
          },
          {
            name: 'non-prod',
            clusterSelector: {
              matchExpressions: [{ key: 'env', operator: 'In', values: ['dev', 'staging'] }],
            },
            maxConcurrency: 1,
            soakMinutes: 0,
            requireApproval: false,
          },
          {
            name: 'prod',
            clusterSelector: { matchLabels: { env: 'prod' } },
            maxConcurrency: 2,
            soakMinutes: 0,
            requireApproval: false,
          },
        ],
      },
      fleet,
    );
    expect(selection.stages).toEqual([
      { stage: 'canary', clusters: ['staging-1'] },
      { stage: 'non-prod', clusters: ['dev-1'] },
      { stage: 'prod', clusters: ['prod-eu', 'prod-us'] },
    ]);
  });

  it('reports a cluster the plan selects but no stage does', () => {
    const selection = selectClusters(
      {
        clusterSelector: { matchExpressions: [{ key: 'env', operator: 'Exists' }] },
        stages: [
          {
            name: 'prod',
            clusterSelector: { matchLabels: { env: 'prod' } },
            maxConcurrency: 1,
            soakMinutes: 0,
            requireApproval: false,
          },
        ],
      },
      fleet,
    );
    expect(selection.selected).toEqual(['dev-1', 'prod-eu', 'prod-us', 'staging-1']);
    expect(selection.findings.map((f) => [f.reason, f.cluster])).toEqual([
      [SelectionReason.ClusterInNoStage, 'dev-1'],
      [SelectionReason.ClusterInNoStage, 'staging-1'],
    ]);
  });

  it('leaves out clusters the plan does not select even when a stage would', () => {
    const selection = selectClusters(
      {
        clusterSelector: { matchLabels: { region: 'eu' } },
        stages: [{ name: 'all', maxConcurrency: 1, soakMinutes: 0, requireApproval: false }],
      },
      fleet,
    );
    expect(selection.stages).toEqual([{ stage: 'all', clusters: ['prod-eu'] }]);
  });
});
