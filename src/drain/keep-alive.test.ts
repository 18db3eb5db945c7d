import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { ReconcileClock, runWithReconcileClock } from '../runtime/index.js';
import { KeepAlive } from './keep-alive.js';

describe('KeepAlive', () => {
  it("counts a drain's request to the workload cluster as time the reconcile awaited outside", async () => {
    const server = createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      setTimeout(() => res.end(JSON.stringify({ kind: 'Namespace', metadata: { name: 'shop' } })), 20);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const kc = new KubeConfig();
      kc.loadFromClusterAndUser(
        { name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true },
        { name: 'u' },
      );
      const core = kc.makeApiClient(CoreV1Api);
      const keepAlive = new KeepAlive(kc);
      const clock = new ReconcileClock();
      const ns = await runWithReconcileClock(clock, () =>
        core.readNamespace({ name: 'shop' }, keepAlive.options(new AbortController().signal)),
      );
      expect(ns.metadata?.name).toBe('shop');
      const times = clock.finish();
      expect(times.awaitedMs).toBeGreaterThanOrEqual(15);
      expect(times.ownMs + times.awaitedMs).toBeCloseTo(times.wallMs, 6);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
