// What one adapter call saw on the wire: HTTP requests sent, the last Retry-After, the last error body.
// A pipeline policy fills it through AsyncLocalStorage, because the SDK hides poll headers from us and
// drops error subcodes and nested details (core-lro keeps only `code. message` of a failed operation).

import { AsyncLocalStorage } from 'node:async_hooks';
import type { ContainerServiceClientOptionalParams } from '@azure/arm-containerservice';
import { retryAfterFromHeaders } from './retry-after.js';

type AdditionalPolicy = NonNullable<ContainerServiceClientOptionalParams['additionalPolicies']>[number];
/** The SDK pipeline's policy type, taken from the client's options so no extra package is imported. */
export type PipelinePolicy = AdditionalPolicy['policy'];

/** An ARM error body reduced to what classification needs (flat AKS or wrapped ARM shape). */
export interface ObservedArmError {
  code?: string;
  subcode?: string;
  message?: string;
  target?: string;
  details: { code?: string; message?: string }[];
}

/** Facts gathered during one adapter call. */
export interface ArmCallRecord {
  /** HTTP requests sent, SDK retries included. */
  httpRequests: number;
  /** Retry-After of the last response, if it carried one (the poll-interval hint of a status GET). */
  retryAfterMs?: number;
  /** The last error body seen: a non-2xx answer, or a 2xx operation status that says Failed. */
  error?: ObservedArmError;
}

const storage = new AsyncLocalStorage<ArmCallRecord>();

/** Runs `fn` with a fresh record that the pipeline policy fills; returns both. */
export async function withCallRecord<T>(
  fn: () => Promise<T>,
): Promise<{ record: ArmCallRecord } & ({ value: T } | { error: unknown })> {
  const record: ArmCallRecord = { httpRequests: 0 };
  return storage.run(record, async () => {
    try {
      return { record, value: await fn() };
    } catch (error: unknown) {
      return { record, error };
    }
  });
}

export const ARM_OBSERVER_POLICY_NAME = 'aksLifecycleArmObserver';

/** Called once per HTTP attempt: method and status (or `error` when no answer came). */
export type HttpObserver = (method: string, status: string) => void;

/**
 * Pipeline policy (add it per retry) that records each attempt into the current call's record.
 * It never changes requests or responses.
 */
export function armObserverPolicy(onHttp?: HttpObserver): PipelinePolicy {
  return {
    name: ARM_OBSERVER_POLICY_NAME,
    async sendRequest(request, next) {
      const record = storage.getStore();
      if (record) record.httpRequests += 1;
      let response;
      try {
        response = await next(request);
      } catch (err: unknown) {
        onHttp?.(request.method, 'error');
        throw err;
      }
      onHttp?.(request.method, String(response.status));
      if (record) observeResponse(record, response.status, response.headers, response.bodyAsText);
      return response;
    },
  };
}

function observeResponse(
  record: ArmCallRecord,
  status: number,
  headers: { get(name: string): string | undefined },
  bodyAsText: string | null | undefined,
): void {
  // Only the last answer counts: an SDK retry's Retry-After says nothing about the next poll.
  record.retryAfterMs = retryAfterFromHeaders(headers);
  const failed =
    status >= 400 ||
    (bodyAsText?.includes('"error"') === true && /"status"\s*:\s*"[^"]*fail/i.test(bodyAsText));
  if (!failed || !bodyAsText) return;
  const observed = parseErrorBody(bodyAsText);
  if (observed) record.error = observed;
}

/** Reads `{error:{…}}` (ARM) or `{code, message, subcode}` (AKS flat) out of a response body. */
export function parseErrorBody(text: string): ObservedArmError | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (an HTML error page from a proxy): nothing structured to read.
    return undefined;
  }
  if (!isRecord(body)) return undefined;
  const inner = isRecord(body.error) ? body.error : body;
  if (typeof inner.code !== 'string' && typeof inner.message !== 'string') return undefined;
  return {
    code: str(inner.code),
    subcode: str(inner.subcode),
    message: str(inner.message),
    target: str(inner.target),
    details: flattenDetails(inner.details),
  };
}

/** Nested details depth-first, so the innermost cause comes last. */
function flattenDetails(details: unknown, depth = 0): { code?: string; message?: string }[] {
  if (!Array.isArray(details) || depth > 4) return [];
  return details.flatMap((d: unknown) =>
    isRecord(d)
      ? [{ code: str(d.code), message: str(d.message) }, ...flattenDetails(d.details, depth + 1)]
      : [],
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
