// Kubernetes timestamp formats: metav1.Time is RFC 3339 with whole seconds, metav1.MicroTime has six
// fractional digits (the API server rejects MicroTime values with other precisions).

/** metav1.Time: `2025-01-01T00:00:00Z`. */
export function kubeTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** metav1.MicroTime: `2025-01-01T00:00:00.123000Z`. */
export function kubeMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Milliseconds since the epoch of a Kubernetes timestamp (string or the Date client-node decodes). */
export function parseKubeTime(t: string | Date | undefined | null): number | undefined {
  if (t === undefined || t === null) return undefined;
  const ms = t instanceof Date ? t.getTime() : Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}
