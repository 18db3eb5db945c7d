// One connection pool for all of a KubeDrainCluster's calls. client-node builds a new dispatcher (so a
// new TCP and TLS handshake, on both ends) for every request; a drain sends hundreds of small requests
// to a busy API server, so it reuses the first one's dispatcher, with the kubeconfig's TLS settings.

import { HttpMethod, Observable, RequestContext } from '@kubernetes/client-node';
import type { ConfigurationOptions, KubeConfig, ObservableMiddleware } from '@kubernetes/client-node';
import { withSignal } from '../runtime/index.js';

type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

export class KeepAlive {
  private dispatcher?: Promise<Dispatcher | undefined>;

  constructor(private readonly kubeConfig: KubeConfig) {}

  /**
   * Per-call options for the generated clients: the shared dispatcher, and abort with `signal`; like every
   * Kubernetes request (`withSignal`), the call counts as time the reconcile awaited outside.
   */
  options(signal: AbortSignal): ConfigurationOptions {
    const middleware: ObservableMiddleware = {
      pre: (ctx) =>
        new Observable(
          this.shared().then((dispatcher) => {
            if (dispatcher) ctx.setDispatcher(dispatcher);
            return ctx;
          }),
        ),
      post: (resp) => new Observable(Promise.resolve(resp)),
    };
    return withSignal(signal, { middleware: [middleware], middlewareMergeStrategy: 'append' });
  }

  private shared(): Promise<Dispatcher | undefined> {
    this.dispatcher ??= this.create().catch((err: unknown) => {
      this.dispatcher = undefined; // ask again next call; this one fails like the request would
      throw err;
    });
    return this.dispatcher;
  }

  private async create(): Promise<Dispatcher | undefined> {
    const server = this.kubeConfig.getCurrentCluster()?.server ?? 'https://localhost';
    const ctx = new RequestContext(server, HttpMethod.GET);
    await this.kubeConfig.applySecurityAuthentication(ctx);
    return ctx.getDispatcher();
  }
}
