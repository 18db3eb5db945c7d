// Azure VM size names → their VM family (`Standard_D4s_v3` → `Dsv3`), because AKS only lets a pool use
// a snapshot taken from a pool of the same family. Family = series letters, feature letters, accelerator
// and version; the vCPU count (and a constrained-vCPU suffix) is what varies inside a family.

/**
 * `Standard_<series><vCPUs>[-<constrained vCPUs>]<features>[_<accelerator>][_v<n>]`, e.g.
 * `Standard_DS2_v2`, `Standard_D4s_v3`, `Standard_M64-32ms`, `Standard_NC24ads_A100_v4`.
 */
const SIZE_NAME =
  /^(?:standard_|basic_)?([a-z]+)(\d+)(?:-\d+)?([a-z]*)(?:_(?!v\d+$)([a-z]+\d+))?(?:_v(\d+))?$/i;

/**
 * The family of `vmSize`, e.g. `Dsv3` for `Standard_D4s_v3`, `DSv2` for `Standard_DS2_v2`; undefined
 * when the name does not follow Azure's naming scheme. Version 1 sizes carry no version (`Standard_D2` → `D`).
 */
export function vmFamily(vmSize: string): string | undefined {
  const m = SIZE_NAME.exec(vmSize.trim());
  if (!m) return undefined;
  const [, series = '', , features = '', accelerator, version] = m;
  const suffix = version && version !== '1' ? `v${version}` : '';
  return `${series.toUpperCase()}${features.toLowerCase()}${accelerator ? accelerator.toUpperCase() : ''}${suffix}`;
}

/**
 * Whether two sizes are of one family: true or false when both names can be read, undefined otherwise
 * (the operator then leaves the judgement to Azure). `DS2_v2` and a `D2s_v2` are one family: the older
 * names put the premium-storage `S` into the series.
 */
export function isSameVmFamily(a: string, b: string): boolean | undefined {
  const fa = vmFamily(a);
  const fb = vmFamily(b);
  if (fa === undefined || fb === undefined) return undefined;
  return fa.toLowerCase() === fb.toLowerCase();
}

/** Quota family as the Compute usages API names it: `Standard_D4s_v3` → `standardDSv3Family` (compare case-insensitively). */
export function quotaFamily(vmSize: string): string | undefined {
  const family = vmFamily(vmSize);
  return family ? `standard${family}Family` : undefined;
}
