// The ARM long-running-operation wire protocol: Azure-AsyncOperation and Location URLs on the
// simulator's own host, the operation status body, and the answers of the status endpoints.
import type { SimResponse } from './http-types.js';
import type { JsonObject } from './json.js';
import { OperationStatus, type Operation } from './operation-engine.js';
import type { LroConfig } from './sim-context.js';

/** Real AKS puts this api-version in its operation URLs. */
export const OPERATION_API_VERSION = '2017-08-31';

function operationsBase(baseUrl: string, op: Operation): string {
  return `${baseUrl}/subscriptions/${op.subscriptionId}/providers/Microsoft.ContainerService/locations/${op.location.toLowerCase()}`;
}

export function asyncOperationUrl(baseUrl: string, op: Operation): string {
  return `${operationsBase(baseUrl, op)}/operations/${op.id}?api-version=${OPERATION_API_VERSION}`;
}

export function operationResultUrl(baseUrl: string, op: Operation): string {
  return `${operationsBase(baseUrl, op)}/operationresults/${op.id}?api-version=${OPERATION_API_VERSION}`;
}

/** Headers of an accepted PUT: the Azure-AsyncOperation URL only, as real AKS sends on create and update. */
export function putAcceptedHeaders(baseUrl: string, op: Operation, lro: LroConfig): Record<string, string> {
  const headers: Record<string, string> = { 'azure-asyncoperation': asyncOperationUrl(baseUrl, op) };
  if (lro.initialRetryAfterSeconds > 0) headers['retry-after'] = String(lro.initialRetryAfterSeconds);
  return headers;
}

/** Headers of an accepted DELETE or POST action: Azure-AsyncOperation and Location. */
export function actionAcceptedHeaders(
  baseUrl: string,
  op: Operation,
  lro: LroConfig,
): Record<string, string> {
  return { ...putAcceptedHeaders(baseUrl, op, lro), location: operationResultUrl(baseUrl, op) };
}

export function operationStatusBody(op: Operation): JsonObject {
  const body: JsonObject = { name: op.id, status: op.status, startTime: op.startTime.toISOString() };
  if (op.endTime) body.endTime = op.endTime.toISOString();
  if (op.error) body.error = { code: op.error.code, message: op.error.message };
  return body;
}

/** GET on the Azure-AsyncOperation URL: always 200 with the status body. */
export function operationStatusResponse(op: Operation, lro: LroConfig): SimResponse {
  const res: SimResponse = { status: 200, body: operationStatusBody(op) };
  if (op.status === OperationStatus.InProgress && lro.pollRetryAfterSeconds > 0) {
    res.headers = { 'retry-after': String(lro.pollRetryAfterSeconds) };
  }
  return res;
}

/** GET on the Location URL: 202 while running, 200 when done, the error when it failed. */
export function operationResultResponse(op: Operation, baseUrl: string, lro: LroConfig): SimResponse {
  switch (op.status) {
    case OperationStatus.InProgress:
      return {
        status: 202,
        headers: {
          location: operationResultUrl(baseUrl, op),
          'retry-after': String(Math.max(1, lro.pollRetryAfterSeconds)),
        },
      };
    case OperationStatus.Succeeded:
      return { status: 200 };
    default:
      return {
        status: 400,
        body: {
          error: { ...(op.error ?? { code: op.status, message: `The operation ended ${op.status}.` }) },
        },
      };
  }
}
