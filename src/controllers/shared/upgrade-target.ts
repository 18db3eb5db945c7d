// The spec a controller works to: the object's spec raised by the annotations an UpgradePlan or the
// standby controller (or a user) sets. An annotation never lowers a version or a count: the spec in Git
// stays the floor.
import {
  NodePoolReason,
  Annotation,
  applyDefaults,
  blueGreen,
  DrainRollouts,
  DrainTimeoutAction,
  UpgradeStrategy,
  type ManagedCluster,
  type NodePool,
} from '../../api/index.js';
import { InvalidSpecError } from '../../runtime/index.js';
import { isUpgrade, parseVersion } from './kube-version.js';

function targetVersion(obj: ManagedCluster | NodePool): string | undefined {
  const value = obj.metadata.annotations?.[Annotation.UpgradeTarget];
  if (value === undefined) return undefined;
  if (!parseVersion(value)) {
    throw new InvalidSpecError(
      `annotation ${Annotation.UpgradeTarget} is "${value}"; it must be a Kubernetes version such as 1.31 or 1.31.2`,
      {
        reason: NodePoolReason.InvalidUpgradeAnnotation,
        field: `metadata.annotations[${Annotation.UpgradeTarget}]`,
      },
    );
  }
  return value;
}

/** The ManagedCluster with spec.kubernetesVersion raised to the upgrade target, if one is set. */
export function effectiveCluster(mc: ManagedCluster): ManagedCluster {
  const target = targetVersion(mc);
  if (!target || !isUpgrade(target, mc.spec.kubernetesVersion)) return mc;
  return { ...mc, spec: { ...mc.spec, kubernetesVersion: target } };
}

/** The NodePool with its version raised to the upgrade target and the strategy the annotation names. */
export function effectivePool(np: NodePool): NodePool {
  const target = targetVersion(np);
  const strategy = np.metadata.annotations?.[Annotation.UpgradeStrategy];
  if (strategy !== undefined && !Object.values<string>(UpgradeStrategy).includes(strategy)) {
    throw new InvalidSpecError(
      `annotation ${Annotation.UpgradeStrategy} is "${strategy}"; it must be Surge or BlueGreen`,
      {
        reason: NodePoolReason.InvalidUpgradeAnnotation,
        field: `metadata.annotations[${Annotation.UpgradeStrategy}]`,
      },
    );
  }
  const standby = standbyCount(np);
  const drain = drainSettings(np);
  const snapshot = np.metadata.annotations?.[Annotation.UpgradeSnapshot]?.trim() || undefined;
  const raise =
    target !== undefined &&
    (np.spec.orchestratorVersion === undefined || isUpgrade(target, np.spec.orchestratorVersion));
  if (!raise && strategy === undefined && standby === undefined && snapshot === undefined && !drain)
    return np;
  const spec = { ...np.spec };
  if (raise) spec.orchestratorVersion = target;
  if (strategy !== undefined) spec.upgradeStrategy = strategy as UpgradeStrategy;
  // Pinned to the snapshot: its node image (and, with upgrade-target, its version) is what the pool runs.
  if (snapshot !== undefined) spec.nodeImage = { policy: 'Pinned', snapshotRef: { name: snapshot } };
  if (drain) spec.blueGreen = { ...(spec.blueGreen ?? applyDefaults(blueGreen, {})), ...drain };
  if (standby !== undefined) {
    // Scaled out as standby capacity: the count (or the autoscaler's floor) rises to what was asked.
    if (spec.autoscaling) {
      const min = Math.min(Math.max(spec.autoscaling.minCount, standby), spec.autoscaling.maxCount);
      spec.autoscaling = { ...spec.autoscaling, minCount: min };
      spec.count = Math.max(spec.count ?? min, min);
    } else spec.count = Math.max(spec.count ?? 0, standby);
  }
  return { ...np, spec };
}

/** The drain settings an UpgradePlan passes for a blue/green replacement; undefined without them. */
function drainSettings(np: NodePool):
  | {
      drainTimeoutInMinutes?: number;
      drainBatchSize?: number;
      onDrainTimeout?: DrainTimeoutAction;
      rollouts?: DrainRollouts;
    }
  | undefined {
  const timeout = countAnnotation(np, Annotation.DrainTimeoutMinutes, 'a number of minutes such as 30');
  const batch = countAnnotation(np, Annotation.DrainBatchSize, 'a node count such as 2');
  const onTimeout = enumAnnotation(np, Annotation.DrainOnTimeout, DrainTimeoutAction);
  const rollouts = enumAnnotation(np, Annotation.DrainRollouts, DrainRollouts);
  if (timeout === undefined && batch === undefined && onTimeout === undefined && rollouts === undefined)
    return undefined;
  return {
    ...(onTimeout !== undefined ? { onDrainTimeout: onTimeout } : {}),
    ...(rollouts !== undefined ? { rollouts } : {}),
    // 0 asks for no limit: the longest the pool's own setting allows.
    ...(timeout !== undefined
      ? { drainTimeoutInMinutes: timeout === 0 ? 1440 : Math.min(timeout, 1440) }
      : {}),
    ...(batch !== undefined ? { drainBatchSize: Math.max(1, batch) } : {}),
  };
}

/** An annotation holding one of `values`' members; an unknown value stalls the pool. */
function enumAnnotation<T extends string>(
  np: NodePool,
  key: string,
  values: Record<string, T>,
): T | undefined {
  const value = np.metadata.annotations?.[key];
  if (value === undefined) return undefined;
  const allowed: readonly string[] = Object.values(values);
  if (!allowed.includes(value.trim())) {
    throw new InvalidSpecError(`annotation ${key} is "${value}"; it must be one of ${allowed.join(', ')}`, {
      reason: NodePoolReason.InvalidUpgradeAnnotation,
      field: `metadata.annotations[${key}]`,
    });
  }
  return value.trim() as T;
}

function countAnnotation(np: NodePool, key: string, example: string): number | undefined {
  const value = np.metadata.annotations?.[key];
  if (value === undefined) return undefined;
  if (!/^\d{1,4}$/.test(value.trim())) {
    throw new InvalidSpecError(`annotation ${key} is "${value}"; it must be ${example}`, {
      reason: NodePoolReason.InvalidUpgradeAnnotation,
      field: `metadata.annotations[${key}]`,
    });
  }
  return Number(value.trim());
}

function standbyCount(np: NodePool): number | undefined {
  const value = np.metadata.annotations?.[Annotation.StandbyCount];
  if (value === undefined) return undefined;
  if (!/^\d{1,4}$/.test(value.trim())) {
    throw new InvalidSpecError(
      `annotation ${Annotation.StandbyCount} is "${value}"; it must be a node count such as 3`,
      {
        reason: NodePoolReason.InvalidUpgradeAnnotation,
        field: `metadata.annotations[${Annotation.StandbyCount}]`,
      },
    );
  }
  return Number(value.trim());
}

/** The node image a node-image-only upgrade asks for: a version, `latest`, or undefined when none. */
export function nodeImageTarget(np: NodePool): string | undefined {
  const value = np.metadata.annotations?.[Annotation.NodeImageTarget]?.trim();
  return value ? value : undefined;
}
