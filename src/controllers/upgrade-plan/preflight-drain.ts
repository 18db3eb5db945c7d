// The pre-flight checks of the pool a step drains, read from the pods on its nodes in the workload
// cluster: UnmanagedPods and LongTerminationGrace (against the drain limit that applies), WebhookBackends,
// and TwinPoolCapacity for a blue/green replacement. A control-plane step drains nothing.
import type * as Arm from '@azure/arm-containerservice';
import type { V1Node } from '@kubernetes/client-node';
import { PreflightCheck } from '../../api/index.js';
import {
  checkPoolPods,
  checkTwinCapacity,
  checkWebhookBackends,
  FindingReason,
  gatherAdmissionWebhooks,
  gatherPoolWorkload,
} from '../../preflight/index.js';
import { vmSizeFacts } from '../shared/vm-sizes.js';
import { stepAgentPool, twinNodeCount, type DrainStep } from './preflight-azure.js';
import type { PreflightRequest, WorkloadCheck } from './preflight-run.js';

/** AKS's drain limit per node of a surge upgrade when upgradeSettings.drainTimeoutInMinutes is unset. */
const AKS_DRAIN_TIMEOUT_MINUTES = 30;
/** What spec.drain.timeoutMinutes 0 means: no limit, up to a day. */
const UNLIMITED_DRAIN_MINUTES = 24 * 60;

/**
 * The checks of the pool a step drains, from the pods on its nodes: UnmanagedPods, LongTerminationGrace,
 * WebhookBackends, and TwinPoolCapacity for a blue/green replacement. A control-plane step drains nothing.
 */
export function drainChecks(
  request: PreflightRequest,
  step: DrainStep,
  agentPools: readonly Arm.AgentPool[],
): WorkloadCheck {
  const isBlueGreen = step.strategy === 'BlueGreen';
  const agentPool = stepAgentPool(step, request.pools);
  const nodePool = request.pools.find((p) => p.metadata.name === step.pool);
  const azurePool = agentPools.find((p) => p.name?.toLowerCase() === agentPool.toLowerCase());
  // The drain limit of the replacement: the plan's for blue/green, the pool's own (AKS's) for surge.
  const drainTimeoutMinutes = isBlueGreen
    ? request.drainTimeoutMinutes || UNLIMITED_DRAIN_MINUTES
    : (azurePool?.upgradeSettings?.drainTimeoutInMinutes ?? AKS_DRAIN_TIMEOUT_MINUTES);
  const checks: PreflightCheck[] = [
    PreflightCheck.UnmanagedPods,
    PreflightCheck.LongTerminationGrace,
    PreflightCheck.WebhookBackends,
    ...(isBlueGreen ? [PreflightCheck.TwinPoolCapacity] : []),
  ];
  const wanted = (c: PreflightCheck): boolean => !request.skip.includes(c);
  return {
    checks,
    gather: async (kc, signal) => {
      const workload = await gatherPoolWorkload(kc, { agentPool, withVolumes: isBlueGreen }, signal);
      const nodeNames = workload.nodes.map((n) => n.metadata?.name ?? '');
      const found = checkPoolPods({
        poolName: agentPool,
        nodeNames,
        pods: workload.pods,
        pvcs: workload.pvcs,
        pvs: workload.pvs,
        drainTimeoutMinutes,
      }).filter((f) => isBlueGreen || f.reason !== FindingReason.PinnedToPool);
      const allocatable = nodeAllocatable(workload.nodes, azurePool?.vmSize);
      if (isBlueGreen && wanted(PreflightCheck.TwinPoolCapacity) && allocatable) {
        const twinNodes = nodePool
          ? twinNodeCount(nodePool, azurePool?.count ?? nodeNames.length)
          : nodeNames.length;
        found.push(
          ...checkTwinCapacity({ poolName: agentPool, twinNodes, allocatable, pods: workload.pods }),
        );
      }
      if (wanted(PreflightCheck.WebhookBackends)) {
        const webhooks = await gatherAdmissionWebhooks(kc, signal);
        found.push(...checkWebhookBackends({ webhooks, drainedNodes: nodeNames }));
      }
      return found;
    },
  };
}

/**
 * What one node of the pool offers pods: a node's allocatable as it reports it, else (a node not yet
 * initialised) the VM size's vCPUs and memory; undefined when neither is known.
 */
function nodeAllocatable(
  nodes: readonly V1Node[],
  vmSize: string | undefined,
): Record<string, string> | undefined {
  const reported = nodes.find((n) => n.status?.allocatable?.cpu)?.status?.allocatable;
  if (reported) return reported;
  const facts = vmSize ? vmSizeFacts(vmSize) : undefined;
  return facts ? { cpu: String(facts.vCpus), memory: `${facts.memoryGiB}Gi` } : undefined;
}
