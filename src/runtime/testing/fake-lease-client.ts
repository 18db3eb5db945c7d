// An in-memory Lease shared by several electors in a test, with resourceVersion checks like the API server,
// and an API server that can be unreachable (calls fail at once) or hang (calls never answer).
import type { Clock } from '../clock.js';
import { ConflictError } from '../errors.js';
import type { LeaseClient, LeaseRecord, ObservedLease } from '../lease-client.js';
import { apiError } from './fake-list-watch.js';

/** One call a client made, stamped with the test's clock. */
export interface LeaseCall {
  method: 'get' | 'create' | 'update';
  startedAt: number;
  /** When its signal aborted, if it did. */
  abortedAt?: number;
}

export class FakeLease {
  record?: LeaseRecord;
  resourceVersion = 0;
  /** While true every call fails, as if the API server were unreachable. */
  unreachable = false;
  /**
   * While set, calls never answer: `honouringAbort` rejects when the call's signal aborts (a request that
   * hangs until cancelled), `ignoringAbort` never settles at all (a client that ignores its signal).
   */
  hangs: false | 'honouringAbort' | 'ignoringAbort' = false;
  writes = 0;
  readonly calls: LeaseCall[] = [];

  /** `clock` stamps `calls`; without it they are stamped 0. */
  constructor(private readonly clock?: Clock) {}

  /** A client of this lease (one per elector). */
  client(description = 'test/lease'): LeaseClient {
    const observed = (): ObservedLease => ({
      record: { ...this.record },
      resourceVersion: String(this.resourceVersion),
    });
    const enter = async (method: LeaseCall['method'], signal: AbortSignal): Promise<void> => {
      const call: LeaseCall = { method, startedAt: this.clock?.now() ?? 0 };
      this.calls.push(call);
      signal.addEventListener('abort', () => (call.abortedAt = this.clock?.now() ?? 0), { once: true });
      if (this.unreachable) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      if (this.hangs === 'ignoringAbort') await new Promise<never>(() => undefined);
      if (this.hangs === 'honouringAbort') {
        if (signal.aborted) throw signal.reason as Error;
        await new Promise<never>((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
        );
      }
    };
    return {
      description,
      get: async (signal) => {
        await enter('get', signal);
        return this.record ? observed() : undefined;
      },
      create: async (record, signal) => {
        await enter('create', signal);
        if (this.record) throw apiError(409, 'AlreadyExists');
        this.record = { ...record };
        this.resourceVersion++;
        this.writes++;
        return observed();
      },
      update: async (record, resourceVersion, signal) => {
        await enter('update', signal);
        if (!this.record) throw apiError(404, 'NotFound');
        if (resourceVersion !== String(this.resourceVersion)) throw new ConflictError('lease changed');
        this.record = { ...record };
        this.resourceVersion++;
        this.writes++;
        return observed();
      },
    };
  }
}
