// Checks that an answer echoes what the request declared: every leaf of the request's wire body is in the
// answer with the same value. Lists of named objects (agentPoolProfiles) are matched by name.

/** Request paths AKS never answers with: secrets. */
const WRITE_ONLY = new Set([
  'properties.windowsProfile.adminPassword',
  'properties.servicePrincipalProfile.secret',
  'properties.agentPoolProfiles[].windowsProfile.adminPassword',
]);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function named(list: unknown[]): boolean {
  return list.length > 0 && list.every((x) => isPlainObject(x) && typeof x.name === 'string');
}

/** Declared leaves of `request` that `answer` lacks or answers with another value. */
export function echoMismatches(request: unknown, answer: unknown, path = ''): string[] {
  if (WRITE_ONLY.has(path)) return [];
  if (isPlainObject(request)) {
    if (!isPlainObject(answer)) return Object.keys(request).length ? [`${path}: not echoed`] : [];
    return Object.entries(request).flatMap(([k, v]) =>
      // AKS reads an empty string as "not set" (orchestratorVersion "" gets the cluster's version).
      v === null || v === undefined || v === ''
        ? []
        : echoMismatches(v, answer[k], path ? `${path}.${k}` : k),
    );
  }
  if (Array.isArray(request) && named(request)) {
    const list = Array.isArray(answer) ? answer : [];
    return request.flatMap((item) => {
      const name = (item as { name: string }).name;
      const match = list.find((x) => isPlainObject(x) && String(x.name).toLowerCase() === name.toLowerCase());
      return match ? echoMismatches(item, match, `${path}[]`) : [`${path}[${name}]: not echoed`];
    });
  }
  return JSON.stringify(request) === JSON.stringify(answer) || sameInstant(request, answer)
    ? []
    : [`${path}: declared ${JSON.stringify(request)}, answered ${JSON.stringify(answer)}`];
}

/** The SDK sends dates as it formats them (`…:00.000Z` for a declared `…:00Z`): the same instant. */
function sameInstant(a: unknown, b: unknown): boolean {
  const iso = /^\d{4}-\d{2}-\d{2}T/;
  if (typeof a !== 'string' || typeof b !== 'string' || !iso.test(a) || !iso.test(b)) return false;
  return Date.parse(a) === Date.parse(b);
}
