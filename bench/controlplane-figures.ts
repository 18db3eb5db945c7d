// Control-plane figures for information: how long a warm start of a local cluster takes (binaries built,
// caches warm; median of three sequential starts) and how much memory an idle cluster holds.
import { clusterRss, formatRss } from '../controlplane/index.js';
import type { ClusterRss } from '../controlplane/index.js';
import { startFreshCluster } from './fresh-cluster.js';
import { info } from './scenario.js';
import type { Scenario } from './scenario.js';
import { median, mib, seconds } from './stats.js';

const STARTS = 3;

export const controlplaneScenario: Scenario = {
  name: 'controlplane',
  title: `warm local cluster start (median of ${STARTS}) and idle RSS`,
  timeoutMs: 4 * 60_000,
  async run(ctx) {
    const startTimes: number[] = [];
    const stopTimes: number[] = [];
    const memory: ClusterRss[] = [];
    for (let i = 1; i <= STARTS; i++) {
      const { cluster, startMs, stop } = await startFreshCluster(ctx, `controlplane start ${i} of ${STARTS}`);
      startTimes.push(startMs);
      const rss = clusterRss(cluster);
      memory.push(rss);
      ctx.progress(`RSS right after start: ${formatRss(rss)}`);
      const stopping = performance.now();
      await stop();
      stopTimes.push(performance.now() - stopping);
    }
    const all = startTimes.map(seconds).join(', ');
    ctx.report(info('warm cluster start, median', `${seconds(median(startTimes))} (${all})`));
    ctx.report(info('cluster stop, median', seconds(median(stopTimes))));
    const totals = memory.map((m) => m.totalBytes);
    const typical = memory.find((m) => m.totalBytes === median(totals)) ?? memory[0];
    ctx.report(info('cluster RSS after start, median', mib(median(totals))));
    if (typical) ctx.progress(`processes of the median cluster: ${formatRss(typical)}`);
  },
};
