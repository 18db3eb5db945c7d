// Reads what the Eviction subresource answered (status code, Status body, Retry-After) into one of a
// few outcomes the drain acts on. Pure: the table is in the eviction handler of kube-apiserver.

import { BlockReason } from './types.js';

export interface EvictionRefusal {
  reason: BlockReason;
  /** The server's words: status message plus causes. */
  message: string;
  retryAfterMs?: number;
  pdbName?: string;
  desiredHealthy?: number;
  currentHealthy?: number;
}

export type EvictionAnswer =
  | { outcome: 'evicted' }
  /** 404: the pod is gone. */
  | { outcome: 'gone' }
  /** 409: our UID precondition failed (a same-name replacement) or a resourceVersion race; re-read decides. */
  | { outcome: 'conflict'; message: string }
  | { outcome: 'refused'; refusal: EvictionRefusal };

export interface RawAnswer {
  /** HTTP status; undefined when the request never got an answer. */
  code: number | undefined;
  /** Status object or its JSON text. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Transport error text when there was no answer. */
  error?: string;
}

/** The server answers 429 "still being processed" with Retry-After 10; never come back sooner. */
export const PDB_PROCESSING_MIN_RETRY_MS = 10_000;

interface StatusCause {
  reason?: string;
  type?: string;
  message?: string;
}
interface StatusBody {
  message?: string;
  reason?: string;
  details?: { causes?: StatusCause[]; retryAfterSeconds?: number };
}

function parseStatus(body: unknown): StatusBody {
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      return typeof parsed === 'object' && parsed !== null ? (parsed as StatusBody) : { message: body };
    } catch {
      return { message: body };
    }
  }
  return typeof body === 'object' && body !== null ? (body as StatusBody) : {};
}

function retryAfterMs(status: StatusBody, headers: Record<string, string> | undefined): number | undefined {
  const header = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
  const seconds = header !== undefined ? Number(header) : status.details?.retryAfterSeconds;
  return seconds !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

const NEEDS_HEALTHY = /The disruption budget (\S+) needs (\d+) healthy pods and has (\d+) currently/;
const STILL_PROCESSING = /The disruption budget (\S+) is still being processed/;

function causeOf(status: StatusBody, type: string): StatusCause | undefined {
  return status.details?.causes?.find((c) => c.reason === type || c.type === type);
}

function fullMessage(status: StatusBody): string {
  const causes = (status.details?.causes ?? []).map((c) => c.message).filter(Boolean);
  return [status.message, ...causes].filter(Boolean).join(' ');
}

function tooManyRequests(status: StatusBody, retryMs: number | undefined): EvictionRefusal {
  const message = fullMessage(status);
  const budget = causeOf(status, 'DisruptionBudget');
  if (!budget) return withRetry({ reason: BlockReason.Throttled, message }, retryMs);
  const processing = STILL_PROCESSING.exec(budget.message ?? '');
  if (processing) {
    return {
      reason: BlockReason.PDBProcessing,
      message,
      pdbName: processing[1] as string,
      retryAfterMs: Math.max(retryMs ?? 0, PDB_PROCESSING_MIN_RETRY_MS),
    };
  }
  const needs = NEEDS_HEALTHY.exec(budget.message ?? '');
  const refusal: EvictionRefusal = { reason: BlockReason.PDBBlocked, message };
  if (needs) {
    refusal.pdbName = needs[1] as string;
    refusal.desiredHealthy = Number(needs[2]);
    refusal.currentHealthy = Number(needs[3]);
  }
  return withRetry(refusal, retryMs);
}

function withRetry(refusal: EvictionRefusal, retryMs: number | undefined): EvictionRefusal {
  if (retryMs !== undefined && retryMs > 0) refusal.retryAfterMs = retryMs;
  return refusal;
}

function forbidden(status: StatusBody): EvictionRefusal {
  const message = fullMessage(status);
  if (causeOf(status, 'NamespaceTerminating')) return { reason: BlockReason.NamespaceTerminating, message };
  if (/disruptions allowed is negative|DisruptedPods map too big/.test(message)) {
    return { reason: BlockReason.PDBRejected, message };
  }
  return { reason: BlockReason.EvictionForbidden, message };
}

export function classifyEvictionAnswer(raw: RawAnswer): EvictionAnswer {
  const { code } = raw;
  const status = parseStatus(raw.body);
  const retryMs = retryAfterMs(status, raw.headers);
  if (code !== undefined && code >= 200 && code < 300) return { outcome: 'evicted' };
  if (code === 404) return { outcome: 'gone' };
  if (code === 409) return { outcome: 'conflict', message: fullMessage(status) };
  if (code === 429) return { outcome: 'refused', refusal: tooManyRequests(status, retryMs) };
  if (code === 401 || code === 403) return { outcome: 'refused', refusal: forbidden(status) };
  const message = fullMessage(status) || raw.error || `HTTP ${code ?? 'no answer'}`;
  if (code === 500 && /more than one PodDisruptionBudget/.test(message)) {
    return { outcome: 'refused', refusal: { reason: BlockReason.MultiplePDBs, message } };
  }
  return { outcome: 'refused', refusal: withRetry({ reason: BlockReason.ServerError, message }, retryMs) };
}
