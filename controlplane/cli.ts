// Command line for local mode and debugging: npx tsx controlplane/cli.ts start|stop|reap|list|build.
import { parseArgs } from 'node:util';
import { listOwnerRecords } from './cluster-owners.js';
import { isProcessAlive } from './process-table.js';
import {
  clusterRss,
  defaultKwokWorkdir,
  ensureBinaries,
  formatRss,
  reapStaleClusters,
  startCluster,
  stopClusterByName,
} from './index.js';

const USAGE = `usage: npx tsx controlplane/cli.ts <command> [options]
  build                         build the control-plane binaries if missing
  start [--name N] [--detach]   start a cluster; without --detach it runs until Ctrl-C, then stops
  stop <name>                   stop a cluster, whoever started it
  reap                          stop clusters whose starting process is gone
  list                          clusters in the work directory, with owner and memory
options: --workdir DIR (default KWOK_WORKDIR or <repo>/.cache/kwok)`;

const seconds = (sinceMs: number) => `${((Date.now() - sinceMs) / 1000).toFixed(2)} s`;
const log = (message: string) => process.stderr.write(`${message}\n`);

async function start(values: { name?: string; detach?: boolean; workdir?: string }): Promise<void> {
  await ensureBinaries({ onProgress: log });
  const began = Date.now();
  const cluster = await startCluster({
    name: values.name,
    workdir: values.workdir,
    isDetached: values.detach,
    purpose: 'cli',
    onProgress: log,
  });
  log(`cluster ${cluster.name} ready in ${seconds(began)} at ${cluster.server}`);
  log(`memory: ${formatRss(clusterRss(cluster))}`);
  process.stdout.write(`${cluster.kubeconfigPath}\n`);
  if (values.detach) return;
  log('running; Ctrl-C stops it');
  await new Promise<void>((resolve) => {
    const keepAlive = setInterval(() => undefined, 60_000); // a pending promise alone lets Node exit
    const done = () => {
      clearInterval(keepAlive);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await cluster.stop();
  log(`cluster ${cluster.name} stopped`);
}

async function list(workdir: string): Promise<void> {
  for (const record of await listOwnerRecords(workdir)) {
    const owner = record.isDetached
      ? 'detached'
      : `pid ${record.owner.pid} ${isProcessAlive(record.owner) ? 'alive' : 'dead'}`;
    const rss = formatRss(clusterRss({ name: record.name, workdir }));
    process.stdout.write(`${record.name}\t${owner}\t${record.purpose}\t${rss}\n`);
  }
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      workdir: { type: 'string' },
      detach: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, target] = positionals;
  const workdir = values.workdir ?? defaultKwokWorkdir();
  const began = Date.now();
  switch (command) {
    case 'build':
      log(`binaries in ${await ensureBinaries({ onProgress: log })}`);
      return;
    case 'start':
      return start(values);
    case 'stop':
      if (!target) throw new Error(`stop needs a cluster name\n${USAGE}`);
      await stopClusterByName(target, { workdir });
      log(`cluster ${target} stopped in ${seconds(began)}`);
      return;
    case 'reap': {
      const reaped = await reapStaleClusters({ workdir });
      log(
        `reaped ${reaped.length} cluster(s)${reaped.length ? `: ${reaped.join(', ')}` : ''} in ${seconds(began)}`,
      );
      return;
    }
    case 'list':
      return list(workdir);
    default:
      process.stdout.write(`${USAGE}\n`);
      if (!values.help) process.exitCode = 2;
  }
}

main().catch((err: unknown) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
