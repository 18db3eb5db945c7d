// Version catalogue: which patch a request resolves to and which upgrades each patch is offered.
import { VersionCatalogue, type MinorRelease } from './version-catalogue.js';

const minors: MinorRelease[] = [
  { version: '1.30', patches: ['1.30.1', '1.30.3'] },
  { version: '1.31', patches: ['1.31.2', '1.31.0'], isDefault: true },
  { version: '1.32', patches: ['1.32.0'], isPreview: true },
];
const catalogue = new VersionCatalogue({
  minors,
  byLocation: { westus: [{ version: '1.30', patches: ['1.30.1'] }] },
});

describe('resolve', () => {
  it.each([
    ['an empty version to the default minor’s latest patch', '', '1.31.2'],
    ['a minor alias to its latest patch', '1.30', '1.30.3'],
    ['an offered patch to itself', '1.31.0', '1.31.0'],
    ['a patch not offered to nothing', '1.31.1', undefined],
    ['an unknown minor to nothing', '1.29', undefined],
    ['garbage to nothing', 'latest', undefined],
  ])('resolves %s', (_what, requested, expected) => {
    expect(catalogue.resolve('eastus', requested)).toBe(expected);
  });

  it('uses a location’s own list when it has one', () => {
    expect(catalogue.resolve('WestUS', '1.30')).toBe('1.30.1');
    expect(catalogue.resolve('westus', '1.31')).toBeUndefined();
  });
});

describe('upgrades', () => {
  it.each([
    [
      'later patches of the minor and every patch of the next minor',
      '1.30.1',
      ['1.30.3', '1.31.0', '1.31.2'],
    ],
    ['only the next minor from the latest patch', '1.30.3', ['1.31.0', '1.31.2']],
    ['nothing from the newest version', '1.32.0', []],
  ])('offers %s', (_what, from, expected) => {
    expect(catalogue.upgrades('eastus', from)).toEqual(expected);
  });
});

it('offers exactly the configured upgrades of a patch when the catalogue names them', () => {
  const custom = new VersionCatalogue({
    minors: [
      { version: '1.30', patches: ['1.30.1', '1.30.3'], upgrades: { '1.30.1': ['1.31.0'] } },
      { version: '1.31', patches: ['1.31.0'] },
    ],
  });
  expect(custom.upgrades('eastus', '1.30.1')).toEqual(['1.31.0']);
  expect(custom.upgrades('eastus', '1.30.3')).toEqual(['1.31.0']);
});

it('marks preview minors', () => {
  expect(catalogue.isPreview('eastus', '1.32.0')).toBe(true);
  expect(catalogue.isPreview('eastus', '1.31.2')).toBe(false);
});
