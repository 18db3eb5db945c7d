// ARM errors the simulator answers with, in the two shapes real traffic shows: the ARM envelope
// `{error:{code,message}}` and the flat AKS resource-provider body `{code,message,subcode,details}`.
import type { JsonObject } from './json.js';

export const ErrorShape = { Wrapped: 'wrapped', Flat: 'flat' } as const;
export type ErrorShape = (typeof ErrorShape)[keyof typeof ErrorShape];

export interface ArmErrorOptions {
  shape?: ErrorShape;
  target?: string;
  subcode?: string;
  details?: Array<{ code: string; message: string }>;
  headers?: Record<string, string>;
}

export class ArmError extends Error {
  override readonly name = 'ArmError';
  readonly status: number;
  readonly code: string;
  readonly options: ArmErrorOptions;
  constructor(status: number, code: string, message: string, options: ArmErrorOptions = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.options = options;
  }
}

export function isArmError(e: unknown): e is ArmError {
  return e instanceof ArmError;
}

/** The response body for an error, in the error's shape. */
export function errorBody(e: ArmError): JsonObject {
  const { shape = ErrorShape.Wrapped, target, subcode, details } = e.options;
  if (shape === ErrorShape.Flat) {
    const body: JsonObject = {
      code: e.code,
      details: details ?? null,
      message: e.message,
      subcode: subcode ?? '',
    };
    if (target) body.target = target;
    return body;
  }
  const inner: JsonObject = { code: e.code, message: e.message };
  if (target) inner.target = target;
  if (details) inner.details = details;
  return { error: inner };
}

/** The `error` object of a failed operation's status body. */
export function operationError(code: string, message: string): { code: string; message: string } {
  return { code, message };
}
