import { compareNodeImageVersions } from './node-image-version.js';

describe('compareNodeImageVersions', () => {
  const ubuntu = (stamp: string) => `AKSUbuntu-2204gen2containerd-${stamp}`;
  it.each([
    ['a later month', ubuntu('202602.01.0'), ubuntu('202601.09.0'), 1],
    ['a later week of the month', ubuntu('202601.16.0'), ubuntu('202601.09.0'), 1],
    ['a later patch of the same week', ubuntu('202601.09.1'), ubuntu('202601.09.0'), 1],
    ['the same release', ubuntu('202601.09.0'), ubuntu('202601.09.0'), 0],
    ['an earlier release', ubuntu('202512.30.0'), ubuntu('202601.09.0'), -1],
    [
      'Windows builds',
      'AKSWindows-2022-containerd-20348.2582.240716',
      'AKSWindows-2022-containerd-20348.2527.240611',
      1,
    ],
  ])('orders %s', (_what, a, b, sign) => {
    expect(Math.sign(compareNodeImageVersions(a, b) ?? Number.NaN)).toBe(sign);
  });

  it('cannot order an image without a trailing version', () => {
    expect(compareNodeImageVersions('custom-image', ubuntu('202601.09.0'))).toBeUndefined();
  });
});
