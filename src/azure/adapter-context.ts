// What the SDK-backed adapters share: the client for a subscription, call metrics and the clock.

import type { ContainerServiceClient } from '@azure/arm-containerservice';
import type { Clock } from '../runtime/index.js';
import { armCall, type ArmCallSpec } from './arm-call.js';
import { isArmNotFoundError } from './arm-error-classes.js';
import type { ArmCallMetrics } from './call-metrics.js';

export interface AdapterContext {
  /** The client for `subscriptionId`, bound to the identity the adapters act as. */
  clientFor(subscriptionId: string): ContainerServiceClient;
  metrics?: ArmCallMetrics;
  clock?: Pick<Clock, 'now'>;
}

/** Runs one SDK call through armCall and returns its value. */
export async function call<T>(ctx: AdapterContext, spec: ArmCallSpec, fn: () => Promise<T>): Promise<T> {
  return (await armCall(ctx.metrics, spec, fn)).value;
}

/** Like call, but a 404 (resource, parent or resource group absent) yields undefined. */
export async function callOrAbsent<T>(
  ctx: AdapterContext,
  spec: ArmCallSpec,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await call(ctx, spec, fn);
  } catch (err: unknown) {
    if (isArmNotFoundError(err)) return undefined;
    throw err;
  }
}

/** SDK request options carrying an abort signal, when there is one. */
export function withSignal(signal: AbortSignal | undefined): { abortSignal?: AbortSignal } {
  return signal ? { abortSignal: signal } : {};
}

export function nowOf(ctx: AdapterContext): Date {
  return new Date(ctx.clock ? ctx.clock.now() : Date.now());
}
