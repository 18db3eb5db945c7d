// IntOrString values (`3`, `'3'`, `'25%'`) resolved against a total, rounding percentages up as the
// disruption controller does for PodDisruptionBudgets.
import type { IntOrString } from '@kubernetes/client-node';

/** The value as a count of `total`; undefined when absent or malformed. */
export function scaledValue(value: IntOrString | undefined, total: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value);
  if (match) return Math.ceil((Number(match[1]) * total) / 100);
  const n = Number(value);
  return Number.isInteger(n) ? n : undefined;
}
