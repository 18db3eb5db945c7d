// AKS's rolling surge upgrade of one pool: per batch, add surge nodes at the target, cordon and drain
// `maxSurge` old nodes through the Eviction API, soak, delete them. A drain blocked past
// drainTimeoutInMinutes fails the upgrade (UpgradeFailed) or, with undrainableNodeBehavior Cordon,
// leaves the node cordoned and labelled Quarantined while the rest carries on.
import type { V1Node } from '@kubernetes/client-node';
import type { PoolShape } from '../data-plane.js';
import { DataPlaneError, DataPlaneErrorCode, drainFailedMessage, drainTimedOutMessage } from './errors.js';
import { mergePatch, requestOptions } from './kube-client.js';
import { LABEL, QUARANTINED } from './node-labels.js';
import type { DrainOutcome } from './node-drain.js';
import { instanceOf } from './node-names.js';
import { identityOf } from './node-template.js';
import { EventReason, reportNodeEvent } from './pool-context.js';
import type { PoolContext } from './pool-context.js';
import {
  DEFAULT_DRAIN_TIMEOUT_MINUTES,
  addNodes,
  deleteNode,
  drainReporting,
  isQuarantined,
  nodeNameOf,
} from './pool-nodes.js';
import { PodVerdict, drainVerdict } from './pod-filters.js';
import { formatMinutes, sleep } from './sim-time.js';
import { planBatch, surgeCount } from './surge.js';

interface UpgradeSettings {
  surge: number;
  drainTimeoutInMinutes: number;
  soakMinutes: number;
  isCordonOnBlock: boolean;
}

function settingsOf(pool: PoolShape): UpgradeSettings {
  const settings = pool.upgradeSettings;
  return {
    surge: surgeCount(settings.maxSurge, pool.count),
    drainTimeoutInMinutes: settings.drainTimeoutInMinutes ?? DEFAULT_DRAIN_TIMEOUT_MINUTES,
    soakMinutes: settings.nodeSoakDurationInMinutes ?? 0,
    isCordonOnBlock: settings.undrainableNodeBehavior === 'Cordon',
  };
}

/** A node already runs the target version and image (e.g. a surge node of an earlier, failed attempt). */
export function isAtTarget(node: V1Node, target: PoolShape): boolean {
  const identity = identityOf(node);
  return (
    identity.orchestratorVersion === target.orchestratorVersion.replace(/^v/, '') &&
    identity.nodeImageVersion === target.nodeImageVersion
  );
}

/**
 * Upgrades the pool's nodes to `target`; resumes where a failed attempt stopped. Quarantined nodes are
 * retried only when `isRetryingQuarantined` (an upgrade request; not a scale or label update).
 */
export async function surgeUpgrade(
  ctx: PoolContext,
  target: PoolShape,
  options: { isRetryingQuarantined: boolean },
): Promise<void> {
  const settings = settingsOf(target);
  const nodes = (await ctx.client.listPoolNodes(target.name, ctx.signal)).filter(
    (node) => options.isRetryingQuarantined || !isQuarantined(node),
  );
  const byInstance = (a: V1Node, b: V1Node) =>
    (instanceOf(nodeNameOf(a)) ?? 0) - (instanceOf(nodeNameOf(b)) ?? 0);
  const pending = nodes.filter((node) => !isAtTarget(node, target)).sort(byInstance);
  const upToDate = nodes.filter((node) => isAtTarget(node, target));
  while (pending.length > 0) {
    const plan = planBatch({
      surge: settings.surge,
      count: target.count,
      pending: pending.length,
      upToDate: upToDate.length,
    });
    const batch = pending.splice(0, plan.replace);
    const added = await surge(ctx, {
      target,
      count: plan.add,
      existing: [...upToDate, ...pending],
    });
    upToDate.push(...added);
    for (const node of batch) await ctx.client.setUnschedulable(node, true, ctx.signal);
    const outcomes = await Promise.all(
      batch.map((node) =>
        drainReporting(ctx, nodeNameOf(node), { drainTimeoutInMinutes: settings.drainTimeoutInMinutes }),
      ),
    );
    const drained = outcomes.filter((o) => o.isDrained);
    const blocked = outcomes.filter((o) => !o.isDrained);
    if (drained.length > 0 && settings.soakMinutes > 0) await soak(ctx, drained, settings.soakMinutes);
    for (const outcome of drained) await deleteNode(ctx, outcome.node);
    if (blocked.length === 0) continue;
    if (settings.isCordonOnBlock) {
      for (const outcome of blocked) await quarantine(ctx, outcome);
      continue;
    }
    await giveUpBatch(ctx, {
      blocked,
      added,
      surplus: upToDate.length + pending.length + blocked.length - target.count,
    });
    throw upgradeFailed(blocked[0] as DrainOutcome, settings.drainTimeoutInMinutes);
  }
}

async function surge(
  ctx: PoolContext,
  options: { target: PoolShape; count: number; existing: V1Node[] },
): Promise<V1Node[]> {
  if (options.count <= 0) return [];
  ctx.progress(
    `Surge: adding ${options.count} node(s) at ${options.target.orchestratorVersion} / ${options.target.nodeImageVersion}`,
  );
  const added = await addNodes(ctx, {
    pool: options.target,
    count: options.count,
    existing: options.existing,
  });
  for (const node of added) {
    await reportNodeEvent(ctx, {
      node: nodeNameOf(node),
      reason: EventReason.Surge,
      message: `Created a surge node ${nodeNameOf(node)} for agentpool ${options.target.name}`,
    });
  }
  return added;
}

async function soak(ctx: PoolContext, drained: DrainOutcome[], minutes: number): Promise<void> {
  for (const outcome of drained) {
    await reportNodeEvent(ctx, {
      node: outcome.node,
      reason: EventReason.Upgrade,
      message: `Soak duration ${formatMinutes(minutes)} after draining node: ${outcome.node}`,
    });
  }
  await sleep(ctx.time.realMs(minutes), ctx.signal);
}

/** undrainableNodeBehavior Cordon: the node stays cordoned, labelled, out of the upgrade. */
async function quarantine(ctx: PoolContext, outcome: DrainOutcome): Promise<void> {
  await ctx.client.core.patchNode(
    { name: outcome.node, body: { metadata: { labels: { [LABEL.upgradeStatus]: QUARANTINED } } } },
    mergePatch(ctx.signal),
  );
  await reportNodeEvent(ctx, {
    node: outcome.node,
    reason: EventReason.Upgrade,
    message: `Node ${outcome.node} could not be drained and was cordoned and quarantined (undrainableNodeBehavior: Cordon)`,
    isWarning: true,
  });
}

/**
 * undrainableNodeBehavior Schedule: blocked nodes become schedulable again, not upgraded; surge nodes
 * that would leave the pool above its count go if nothing evictable runs on them yet (best effort).
 */
async function giveUpBatch(
  ctx: PoolContext,
  options: { blocked: DrainOutcome[]; added: V1Node[]; surplus: number },
): Promise<void> {
  for (const outcome of options.blocked) {
    const node = await ctx.client.core.readNode({ name: outcome.node }, requestOptions(ctx.signal));
    await ctx.client.setUnschedulable(node, false, ctx.signal);
  }
  let surplus = options.surplus;
  for (const node of options.added) {
    if (surplus <= 0) break;
    const pods = await ctx.client.listNodePods(nodeNameOf(node), ctx.signal);
    if (pods.some((pod) => drainVerdict(pod) === PodVerdict.Evict)) continue;
    await deleteNode(ctx, nodeNameOf(node));
    surplus -= 1;
  }
}

function upgradeFailed(outcome: DrainOutcome, drainTimeoutInMinutes: number): DataPlaneError {
  const first = outcome.blocked[0];
  const message = first
    ? drainFailedMessage(outcome.node, first)
    : drainTimedOutMessage(outcome.node, outcome.terminating, drainTimeoutInMinutes);
  return new DataPlaneError(DataPlaneErrorCode.UpgradeFailed, message);
}
