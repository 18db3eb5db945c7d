// Which updates of a ManagedCluster concern its NodePools: the cluster as its pools read it (its spec,
// metadata, and the status fields the cluster gate, validation, cost and conditions read). A status
// write that changes only what pools never read (generations stamped, upgrades offered, drift, cost,
// the poller's state, a condition's timestamps) wakes no pool; anything else does.
import type { ManagedCluster } from '../../api/index.js';
import { isSpecOrMetaChange } from '../shared/predicates.js';

export function isClusterChangeForPools(old: ManagedCluster, current: ManagedCluster): boolean {
  return isSpecOrMetaChange(old, current) || poolView(old) !== poolView(current);
}

/** The cluster's status as its pools read it, as text to compare. */
function poolView(mc: ManagedCluster): string {
  const {
    observedGeneration: _observed,
    appliedGeneration: _applied,
    availableUpgrades: _offered,
    drift: _drift,
    nextScheduledPowerChange: _next,
    cost: _cost,
    upgrade: _upgrade,
    lastOperation,
    conditions,
    ...read
  } = mc.status ?? {};
  return JSON.stringify({
    ...read,
    operation: lastOperation ? { type: lastOperation.type, result: lastOperation.result } : undefined,
    conditions: (conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status,
      reason: c.reason,
      message: c.message,
    })),
  });
}
