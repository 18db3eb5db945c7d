// An in-memory Lease shared by several electors in a test, with resourceVersion checks like the API server.
import { ConflictError } from '../errors.js';
import type { LeaseClient, LeaseRecord, ObservedLease } from '../lease-client.js';
import { apiError } from './fake-list-watch.js';

export class FakeLease {
  record?: LeaseRecord;
  resourceVersion = 0;
  /** While true every call fails, as if the API server were unreachable. */
  unreachable = false;
  writes = 0;

  /** A client of this lease (one per elector). */
  client(description = 'test/lease'): LeaseClient {
    const observed = (): ObservedLease => ({
      record: { ...this.record },
      resourceVersion: String(this.resourceVersion),
    });
    const check = (): void => {
      if (this.unreachable) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    };
    return {
      description,
      get: async () => {
        check();
        return this.record ? observed() : undefined;
      },
      create: async (record) => {
        check();
        if (this.record) throw apiError(409, 'AlreadyExists');
        this.record = { ...record };
        this.resourceVersion++;
        this.writes++;
        return observed();
      },
      update: async (record, resourceVersion) => {
        check();
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
