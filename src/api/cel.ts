// CEL admission rules shared by several kinds: immutability, Kubernetes version ordering, CIDR checks.
// Rules run in the apiserver; each message says what to change.
import type { ValidationRule } from './schema.js';

/** `major.minor` or `major.minor.patch`. Written with [.] so it needs no escaping inside CEL strings. */
export const VERSION_PATTERN = '^[0-9]+[.][0-9]+([.][0-9]+)?$';

/** A Kubernetes version as AKS accepts it; a rule rather than a pattern, for a message saying what to write. */
export function versionFormat(field: string): ValidationRule {
  return {
    rule: `self.matches('${VERSION_PATTERN}')`,
    message: `${field} must be major.minor or major.minor.patch, e.g. 1.30 or 1.30.4`,
    messageExpression: `'${field} ' + self + ' must be major.minor or major.minor.patch, e.g. 1.30 or 1.30.4'`,
  };
}

/** The field may not change once set (transition rule; runs only when both old and new values exist). */
export function immutable(field: string, why: string): ValidationRule {
  return { rule: 'self == oldSelf', message: `${field} is immutable: ${why}` };
}

/** On the parent object: an optional field may be neither added nor removed after creation. */
export function presenceFixed(field: string, why: string): ValidationRule {
  return {
    rule: `has(self.${field}) == has(oldSelf.${field})`,
    message: `${field} cannot be added or removed after creation: ${why}`,
  };
}

// Binds n and o to the integer parts of the new and old version (CRD CEL has no cel.bind, so a
// one-element list's all() does the binding); guarded so malformed values, already refused by the
// pattern, never reach int().
function withParts(body: string): string {
  return (
    `!self.matches('${VERSION_PATTERN}') || !oldSelf.matches('${VERSION_PATTERN}') || ` +
    `[self.split('.').map(p, int(p))].all(n, [oldSelf.split('.').map(p, int(p))].all(o, ${body}))`
  );
}

/** A version may not go down. A missing patch (an AKS alias for the latest patch) compares equal. */
export function versionNotLowered(field: string, what: string): ValidationRule {
  return {
    rule: withParts(
      'n[0] > o[0] || (n[0] == o[0] && (n[1] > o[1] || (n[1] == o[1] && ' +
        '(size(n) < 3 || size(o) < 3 || n[2] >= o[2]))))',
    ),
    message: `${field} cannot be lowered: AKS does not downgrade ${what}; keep the current version or set a newer one`,
    messageExpression:
      `'${field} cannot go from ' + oldSelf + ' to ' + self + ': AKS does not downgrade ${what}; ` +
      `keep ' + oldSelf + ' or set a newer version'`,
  };
}

/** The control plane moves one minor version at a time (upstream skew policy, enforced by AKS). */
export function minorStepAtMostOne(field: string): ValidationRule {
  return {
    rule: withParts('n[0] != o[0] || n[1] <= o[1] + 1'),
    message: `${field} cannot skip a minor version: upgrade one minor version at a time`,
    // Built from bounded strings only: string(int) has no size bound, which the cost estimator refuses.
    messageExpression:
      `'${field} cannot go from ' + oldSelf + ' to ' + self + ' in one step: AKS upgrades the control plane ' + ` +
      `'one minor version at a time; set the next minor version first'`,
  };
}

/** The major version never changes in place. */
export function majorUnchanged(field: string): ValidationRule {
  return {
    rule: withParts('n[0] == o[0]'),
    message: `${field} cannot change its major version`,
  };
}

/** A CIDR written as its network address (10.244.0.0/16, not 10.244.1.2/16). */
export function canonicalCidr(field: string, example: string): ValidationRule {
  return {
    rule: 'isCIDR(self) && cidr(self) == cidr(self).masked()',
    message: `${field} must be a CIDR written as its network address, e.g. ${example}`,
    messageExpression: `'${field} ' + self + ' must be a CIDR written as its network address, e.g. ${example}'`,
  };
}
