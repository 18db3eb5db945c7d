// What Azure saw during a chaos run, from the simulator's request log (drained often, as the log is a
// bounded ring): creates and deletes per resource, calls by operation and by status, and the calls a
// test made itself as another Azure client, so the operator's own share can be told apart.
import type { RequestLogEntry, Simulator } from '../../sim/index.js';

const DRAIN_INTERVAL_MS = 200;
const CREATE_OPERATIONS = new Set(['managedClusters.createOrUpdate', 'agentPools.createOrUpdate']);
const DELETE_OPERATIONS = new Set(['managedClusters.delete', 'agentPools.delete']);
/** Reads, including operation polls; everything else the operator sends is a write. */
const READ_OPERATION = /\.(get|list\w*|getUpgradeProfile|getAvailableAgentPoolVersions)$|^compute\./;

export interface AuditFigures {
  /** Requests the operator sent (the test's own requests excluded). */
  total: number;
  reads: number;
  writes: number;
  byOperation: Record<string, number>;
  byStatus: Record<string, number>;
  /** Requests the test sent as another client. */
  foreign: number;
}

export interface ResourceFinding {
  resourceId: string;
  times: string[];
}

export class AzureAudit {
  private readonly entries: RequestLogEntry[] = [];
  private readonly foreignRequests: { method: string; path: string }[] = [];
  private timer?: ReturnType<typeof setInterval>;

  constructor(private readonly sim: Simulator) {}

  start(): void {
    this.sim.log.clear();
    this.timer = setInterval(() => this.drain(), DRAIN_INTERVAL_MS);
    // A test that fails before stop() must not keep the process alive.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.drain();
  }

  /** Records a request the test itself sent (method and URL path), to keep it out of the operator's figures. */
  recordForeign(method: string, path: string): void {
    this.foreignRequests.push({ method: method.toUpperCase(), path: path.toLowerCase() });
  }

  private drain(): void {
    this.entries.push(...this.sim.log.recent().filter((e) => e.method !== 'OPERATION'));
    this.sim.log.clear();
  }

  /** Log entries of the operator's requests, oldest first. */
  operatorEntries(): RequestLogEntry[] {
    this.drain();
    // Each foreign request matches one log entry with the same method and path, taken in order.
    const pending = new Map<string, number>();
    for (const f of this.foreignRequests) {
      const key = `${f.method} ${f.path}`;
      pending.set(key, (pending.get(key) ?? 0) + 1);
    }
    return this.entries.filter((e) => {
      const key = `${e.method} ${e.path.toLowerCase()}`;
      const left = pending.get(key) ?? 0;
      if (left === 0) return true;
      pending.set(key, left - 1);
      return false;
    });
  }

  figures(): AuditFigures {
    const entries = this.operatorEntries();
    const byOperation: Record<string, number> = {};
    const byStatus: Record<string, number> = {};
    let reads = 0;
    for (const e of entries) {
      byOperation[e.operation] = (byOperation[e.operation] ?? 0) + 1;
      byStatus[String(e.status)] = (byStatus[String(e.status)] ?? 0) + 1;
      if (READ_OPERATION.test(e.operation)) reads += 1;
    }
    return {
      total: entries.length,
      reads,
      writes: entries.length - reads,
      byOperation,
      byStatus,
      foreign: this.foreignRequests.length,
    };
  }

  /** Resources answered 201 (created) more than once: a second create of something that existed. */
  duplicateCreates(): ResourceFinding[] {
    return findings(this.entries, (e) => CREATE_OPERATIONS.has(e.operation) && e.status === 201).filter(
      (f) => f.times.length > 1,
    );
  }

  /** How often Azure answered 201 (created) for `resourceId` (lower case). */
  creates(resourceId: string): number {
    this.drain();
    return (
      findings(this.entries, (e) => CREATE_OPERATIONS.has(e.operation) && e.status === 201).find(
        (f) => f.resourceId === resourceId,
      )?.times.length ?? 0
    );
  }

  /** Resources whose deletion Azure accepted (200/202; 204 means there was nothing to delete). */
  deletions(): ResourceFinding[] {
    return findings(
      this.entries,
      (e) => DELETE_OPERATIONS.has(e.operation) && (e.status === 200 || e.status === 202),
    );
  }

  /** The operator's writes Azure refused (409 while another operation runs, 429, 5xx, 4xx). */
  refusedWrites(): number {
    return this.refused().length;
  }

  /** The refused writes by operation, status and error code, e.g. `agentPools.createOrUpdate 409 OperationNotAllowed`. */
  refusedWritesByKind(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of this.refused()) {
      const kind = `${e.operation} ${e.status} ${e.errorCode ?? '-'}`;
      out[kind] = (out[kind] ?? 0) + 1;
    }
    return out;
  }

  private refused(): RequestLogEntry[] {
    return this.operatorEntries().filter((e) => !READ_OPERATION.test(e.operation) && e.status >= 400);
  }
}

function findings(entries: RequestLogEntry[], keep: (e: RequestLogEntry) => boolean): ResourceFinding[] {
  const byId = new Map<string, string[]>();
  for (const e of entries) {
    if (!keep(e)) continue;
    const id = e.path.toLowerCase();
    byId.set(id, [...(byId.get(id) ?? []), e.time]);
  }
  return [...byId].map(([resourceId, times]) => ({ resourceId, times }));
}
