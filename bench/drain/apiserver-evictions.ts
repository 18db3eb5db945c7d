// Eviction requests as the workload cluster's API server counted them (apiserver_request_total on the pods'
// eviction subresource, by answer code), whoever sent them: the same count for the operator and for kubectl,
// neither of which exports one. Refused means 429, the answer a PDB that allows no disruption gives.
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { parseMetrics, type Sample } from '../fleet/prometheus-text.js';

export interface EvictionCounts {
  sent: number;
  /** Answered 429: the PDB allowed no disruption. */
  refused: number;
  /** Requests per answer code, e.g. `{ '201': 200, '429': 35 }`. */
  byCode: Record<string, number>;
}

/** The eviction counters in a scrape of the API server's /metrics. */
export function evictionCountsOf(samples: Sample[]): EvictionCounts {
  const byCode: Record<string, number> = {};
  for (const s of samples) {
    if (s.name !== 'apiserver_request_total') continue;
    if (s.labels.resource !== 'pods' || s.labels.subresource !== 'eviction') continue;
    const code = s.labels.code ?? '';
    byCode[code] = (byCode[code] ?? 0) + s.value;
  }
  return countsOf(byCode);
}

/** What was sent between two scrapes. */
export function evictionsBetween(before: EvictionCounts, after: EvictionCounts): EvictionCounts {
  const byCode: Record<string, number> = {};
  for (const [code, n] of Object.entries(after.byCode)) {
    const d = n - (before.byCode[code] ?? 0);
    if (d > 0) byCode[code] = d;
  }
  return countsOf(byCode);
}

function countsOf(byCode: Record<string, number>): EvictionCounts {
  const sent = Object.values(byCode).reduce((sum, n) => sum + n, 0);
  return { sent, refused: byCode['429'] ?? 0, byCode };
}

/** `N sent, M refused (429)`, and any other answers than 201 and 429 by code. */
export function describeEvictions(c: EvictionCounts): string {
  const others = Object.entries(c.byCode)
    .filter(([code]) => code !== '201' && code !== '429')
    .map(([code, n]) => `${n} answered ${code}`);
  return [`${c.sent} sent`, `${c.refused} refused (429)`, ...others].join(', ');
}

/** The eviction counters of the API server `kc` points at, now. */
export async function scrapeEvictionCounts(kc: KubeConfig): Promise<EvictionCounts> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('the kubeconfig names no current cluster');
  const options: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(options);
  const text = await new Promise<string>((resolve, reject) => {
    https
      .get(new URL('/metrics', server), options, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(body)
            : reject(new Error(`GET /metrics of ${server}: ${res.statusCode}: ${body.slice(0, 200)}`)),
        );
      })
      .on('error', reject);
  });
  return evictionCountsOf(parseMetrics(text));
}
