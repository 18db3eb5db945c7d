// Counters of ARM calls by operation and by status code, and a bounded log of recent requests;
// tests and benchmarks read them to assert on what a client actually sent.

export interface CounterSnapshot {
  total: number;
  byOperation: Record<string, number>;
  byStatus: Record<string, number>;
  byOperationAndStatus: Record<string, number>;
}

export class Counters {
  private total = 0;
  private byOperation = new Map<string, number>();
  private byStatus = new Map<string, number>();
  private byOperationAndStatus = new Map<string, number>();

  record(operation: string, status: number): void {
    this.total += 1;
    inc(this.byOperation, operation);
    inc(this.byStatus, String(status));
    inc(this.byOperationAndStatus, `${operation} ${status}`);
  }

  /** Calls of one operation (`agentPools.get`), optionally only those answered with `status`. */
  get(operation: string, status?: number): number {
    return status === undefined
      ? (this.byOperation.get(operation) ?? 0)
      : (this.byOperationAndStatus.get(`${operation} ${status}`) ?? 0);
  }

  status(status: number): number {
    return this.byStatus.get(String(status)) ?? 0;
  }

  snapshot(): CounterSnapshot {
    return {
      total: this.total,
      byOperation: Object.fromEntries(this.byOperation),
      byStatus: Object.fromEntries(this.byStatus),
      byOperationAndStatus: Object.fromEntries(this.byOperationAndStatus),
    };
  }

  reset(): void {
    this.total = 0;
    this.byOperation.clear();
    this.byStatus.clear();
    this.byOperationAndStatus.clear();
  }
}

function inc(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  operation: string;
  status: number;
  durationMs: number;
  requestId: string;
  errorCode?: string;
  /** The conditional header the request carried (If-Match or If-None-Match), if any. */
  precondition?: 'if-match' | 'if-none-match';
  /** Progress reported by the data plane for operations (`operation` names the operation id). */
  message?: string;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private next = 0;
  constructor(private readonly capacity = 5000) {}

  add(entry: RequestLogEntry): void {
    if (this.entries.length < this.capacity) this.entries.push(entry);
    else this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  /** The most recent entries, oldest first. */
  recent(limit = this.capacity): RequestLogEntry[] {
    const ordered =
      this.entries.length < this.capacity
        ? this.entries
        : [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)];
    return ordered.slice(-limit);
  }

  clear(): void {
    this.entries = [];
    this.next = 0;
  }
}
