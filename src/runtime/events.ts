// Kubernetes Events about our objects (core/v1 Event, what `kubectl describe` shows). A repeat of the same
// event bumps count and lastTimestamp of the existing Event instead of creating another one.
import { randomBytes } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { realClock, type Clock } from './clock.js';
import { isNotFound } from './errors.js';
import { kubeRequest } from './kube-request.js';
import { kubeTime } from './kube-time.js';
import { silentLogger, type Logger } from './logger.js';
import type { KubeObject } from './reconciler.js';

export const EventType = { Normal: 'Normal', Warning: 'Warning' } as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

export interface EventInput {
  type: EventType;
  /** CamelCase: an action in past tense (Normal) or the condition reason (Warning). */
  reason: string;
  message: string;
}

export interface EventRecorder {
  /** Records an event about `obj`. Best effort: never throws; failures are logged. */
  event(obj: KubeObject, input: EventInput, signal?: AbortSignal): Promise<void>;
}

/** core/v1 Event as sent to the API server. */
export interface CoreEvent {
  apiVersion: 'v1';
  kind: 'Event';
  metadata: { name: string; namespace: string };
  involvedObject: {
    apiVersion?: string;
    kind?: string;
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
  };
  type: EventType;
  reason: string;
  message: string;
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  source: { component: string; host?: string };
  reportingComponent: string;
  reportingInstance: string;
}

/** Where events go: the API server, or a fake in tests. */
export interface EventSink {
  create(event: CoreEvent, signal?: AbortSignal): Promise<void>;
  /** Merge-patches count and lastTimestamp of an existing Event; rejects with a 404 when it expired. */
  bump(
    namespace: string,
    name: string,
    patch: { count: number; lastTimestamp: string },
    signal?: AbortSignal,
  ): Promise<void>;
}

export function kubeEventSink(kc: KubeConfig): EventSink {
  const path = (ns: string): string => `/api/v1/namespaces/${encodeURIComponent(ns)}/events`;
  return {
    async create(event, signal) {
      await kubeRequest(kc, { method: 'POST', path: path(event.metadata.namespace), body: event, signal });
    },
    async bump(namespace, name, patch, signal) {
      await kubeRequest(kc, {
        method: 'PATCH',
        path: `${path(namespace)}/${encodeURIComponent(name)}`,
        body: patch,
        contentType: 'application/merge-patch+json',
        signal,
      });
    },
  };
}

export interface KubeEventRecorderOptions {
  sink: EventSink;
  /** Reported as source.component and reportingComponent, e.g. `aks-lifecycle-operator`. */
  component: string;
  /** This replica (pod name); reportingInstance. */
  instance?: string;
  clock?: Clock;
  logger?: Logger;
  /** Distinct events remembered for aggregation (oldest forgotten first). Default 4096. */
  cacheSize?: number;
}

interface Seen {
  namespace: string;
  name: string;
  count: number;
}

export class KubeEventRecorder implements EventRecorder {
  private readonly seen = new Map<string, Seen>();
  private readonly sink: EventSink;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly cacheSize: number;

  constructor(private readonly options: KubeEventRecorderOptions) {
    this.sink = options.sink;
    this.clock = options.clock ?? realClock;
    this.logger = options.logger ?? silentLogger;
    this.cacheSize = options.cacheSize ?? 4096;
  }

  async event(obj: KubeObject, input: EventInput, signal?: AbortSignal): Promise<void> {
    const meta = obj.metadata ?? {};
    const aggKey = [
      meta.uid ?? `${meta.namespace}/${meta.name}`,
      input.type,
      input.reason,
      input.message,
    ].join('\u0000');
    const now = kubeTime(this.clock.now());
    const previous = this.seen.get(aggKey);
    try {
      if (previous) {
        try {
          await this.sink.bump(
            previous.namespace,
            previous.name,
            { count: previous.count + 1, lastTimestamp: now },
            signal,
          );
          previous.count++;
          this.remember(aggKey, previous);
          return;
        } catch (err: unknown) {
          // Events expire (one hour by default); start a new one.
          if (!isNotFound(err)) throw err;
        }
      }
      const event = this.newEvent(obj, input, now);
      await this.sink.create(event, signal);
      this.remember(aggKey, { namespace: event.metadata.namespace, name: event.metadata.name, count: 1 });
    } catch (err: unknown) {
      // Events are advisory: losing one must not fail the reconcile that reported it.
      this.logger.warn({ err, reason: input.reason }, 'cannot record event');
    }
  }

  private newEvent(obj: KubeObject, input: EventInput, now: string): CoreEvent {
    const meta = obj.metadata ?? {};
    const namespace = meta.namespace || 'default';
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${meta.name ?? 'object'}.${randomBytes(8).toString('hex')}`, namespace },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: meta.name,
        namespace: meta.namespace,
        uid: meta.uid,
        resourceVersion: meta.resourceVersion,
      },
      type: input.type,
      reason: input.reason,
      message: input.message,
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: {
        component: this.options.component,
        ...(this.options.instance ? { host: this.options.instance } : {}),
      },
      reportingComponent: this.options.component,
      reportingInstance: this.options.instance ?? this.options.component,
    };
  }

  private remember(key: string, seen: Seen): void {
    // Re-inserting moves the entry to the newest end of the Map's order.
    this.seen.delete(key);
    this.seen.set(key, seen);
    while (this.seen.size > this.cacheSize) {
      const oldest = this.seen.keys().next();
      if (oldest.done) break;
      this.seen.delete(oldest.value);
    }
  }
}
