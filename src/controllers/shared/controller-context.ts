// What every controller of this folder shares: time, logs, events, how objects find their Azure
// access, how long to wait between polls of an Azure operation, and how objects are priced.
import type { AzureArm } from '../../azure/index.js';
import type { CostTracking } from '../../cost/index.js';
import type { Clock, EventRecorder, Logger } from '../../runtime/index.js';
import type { AzureAccess, AzureAccessResolver } from './azure-access.js';

export interface ControllerContext {
  clock: Clock;
  logger: Logger;
  events: EventRecorder;
  access: AzureAccessResolver;
  /** The ARM adapters acting with `access` (cheap: clients are cached). */
  azure(access: AzureAccess): AzureArm;
  /** Wait before polling an operation (or a busy resource) again, when Azure names no interval. */
  pollIntervalMs: number;
  /** Prices objects for status.cost and the cost metrics; no estimate when absent. */
  cost?: CostTracking;
}

/** Default wait between polls of an operation; AKS operations take minutes. */
export const DEFAULT_POLL_INTERVAL_MS = 10_000;
