// Reads the Prometheus text format the operator serves at /metrics: samples by name and labels, and the
// figures the benchmarks take from them (sums, histogram percentiles as bucket bounds).

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1] ?? ''] = l[2] ?? '';
    const raw = m[3] ?? '';
    samples.push({ name: m[1] ?? '', labels, value: raw === '+Inf' ? Infinity : Number(raw) });
  }
  return samples;
}

/** Sum of every sample of `name`, whatever its labels. */
export function sumOf(samples: Sample[], name: string): number {
  return samples.filter((s) => s.name === name).reduce((sum, s) => sum + s.value, 0);
}

/**
 * Upper bound (the bucket's `le`) under which `p` percent of a histogram's observations fall, all labels
 * together; with `since`, of the observations made after that earlier read only.
 */
export function percentileBound(
  samples: Sample[],
  histogram: string,
  p: number,
  since: Sample[] = [],
): number {
  const cumulative = new Map<number, number>();
  const add = (from: Sample[], sign: number): void => {
    for (const s of from) {
      if (s.name !== `${histogram}_bucket`) continue;
      const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
      cumulative.set(le, (cumulative.get(le) ?? 0) + sign * s.value);
    }
  };
  add(samples, 1);
  add(since, -1);
  const wanted = (p / 100) * (cumulative.get(Infinity) ?? 0);
  for (const le of [...cumulative.keys()].sort((a, b) => a - b)) {
    if ((cumulative.get(le) ?? 0) >= wanted) return le;
  }
  return Number.NaN;
}
