// Words for an Azure operation of each type: the Reconciling reason while it runs and the events at its
// start and end.
import type { OperationType } from '../../api/index.js';

export const RUNNING_REASON: Record<OperationType, string> = {
  Create: 'Creating',
  Update: 'Updating',
  Upgrade: 'Upgrading',
  UpgradeNodeImage: 'UpgradingNodeImage',
  Scale: 'Scaling',
  Start: 'Starting',
  Stop: 'Stopping',
  Delete: 'Deleting',
};

/** Normal event reasons: `CreateStarted` when sent, `CreateSucceeded` when Azure finished it. */
export const startedEvent = (type: OperationType): string => `${type}Started`;
export const succeededEvent = (type: OperationType): string => `${type}Succeeded`;
