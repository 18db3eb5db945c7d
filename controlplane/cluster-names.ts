// Cluster names: unique per host (prefix, pid, counter) and valid for kwokctl (a directory and a context name).
export const DEFAULT_NAME_PREFIX = 'aks-lo';

const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_NAME_LENGTH = 48;

let counter = 0;

/** Throws when `name` cannot name a kwokctl cluster. */
export function validateClusterName(name: string): void {
  if (!NAME_PATTERN.test(name) || name.length > MAX_NAME_LENGTH) {
    throw new Error(
      `invalid cluster name "${name}": use at most ${MAX_NAME_LENGTH} lowercase letters, digits and '-', starting and ending alphanumeric`,
    );
  }
}

/** `<prefix>-<pid>-<n>`: no two live processes share a pid, and one process never repeats n. */
export function nextClusterName(prefix: string = DEFAULT_NAME_PREFIX, pid: number = process.pid): string {
  counter += 1;
  const name = `${prefix}-${pid}-${counter}`;
  validateClusterName(name);
  return name;
}
