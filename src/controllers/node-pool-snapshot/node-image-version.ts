// Orders AKS node image versions. Linux images end in a release stamp (`AKSUbuntu-2204gen2containerd-
// 202601.09.0`), Windows ones in a dotted build (`AKSWindows-2022-containerd-20348.2582.240716`): the
// trailing dotted numbers are what moves forward, compared number by number.

const TRAILING_NUMBERS = /(\d+(?:\.\d+)+)$/;

/**
 * Negative when `a` is older than `b`, 0 when equal, positive when newer; undefined when either has no
 * trailing version to compare.
 */
export function compareNodeImageVersions(a: string, b: string): number | undefined {
  const pa = TRAILING_NUMBERS.exec(a.trim())?.[1]?.split('.').map(Number);
  const pb = TRAILING_NUMBERS.exec(b.trim())?.[1]?.split('.').map(Number);
  if (!pa || !pb) return undefined;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
