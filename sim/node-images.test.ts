// Node image schedule: weekly releases named as AKS names them, newer ones appearing as time passes.
import { compareImages, imagePrefix, NodeImageCatalogue } from './node-images.js';

const DAY = 24 * 3600 * 1000;
const first = Date.UTC(2026, 10, 1); // 2026-11-01
const catalogue = new NodeImageCatalogue({ firstReleaseMs: first, cadenceDays: 7 });

it('names the latest image for the OS SKU at a simulated time', () => {
  expect(catalogue.latest('Ubuntu', 'Linux', first + DAY)).toBe('AKSUbuntu-2204gen2containerd-202611.01.0');
  expect(catalogue.latest('Ubuntu', 'Linux', first + 7 * DAY)).toBe(
    'AKSUbuntu-2204gen2containerd-202611.08.0',
  );
  expect(catalogue.latest('AzureLinux', 'Linux', first + 30 * DAY)).toBe('AKSAzureLinux-V3gen2-202611.29.0');
  expect(catalogue.latest(undefined, 'Windows', first)).toBe('AKSWindows-2022-containerd-202611.01.0');
});

it('falls back to the Ubuntu image for an unknown SKU', () => {
  expect(imagePrefix('Mystery', 'Linux')).toBe('AKSUbuntu-2204gen2containerd');
});

it.each([
  ['AKSUbuntu-2204gen2containerd-202611.08.0', 'AKSUbuntu-2204gen2containerd-202611.01.0', 1],
  ['AKSUbuntu-2204gen2containerd-202612.01.0', 'AKSUbuntu-2204gen2containerd-202611.29.0', 1],
  ['AKSUbuntu-2204gen2containerd-202611.01.1', 'AKSUbuntu-2204gen2containerd-202611.01.0', 1],
  ['AKSUbuntu-2204gen2containerd-202611.01.0', 'AKSUbuntu-2204gen2containerd-202611.01.0', 0],
])('orders %s against %s', (a, b, sign) => {
  expect(Math.sign(compareImages(a, b))).toBe(sign);
});
