// Reads a workload cluster (never writes) for the checks of a pool about to be drained: its nodes and
// the pods bound to them (with the volumes they claim), and the admission webhooks with the nodes
// their backend pods run on.

import { AdmissionregistrationV1Api, CoreV1Api } from '@kubernetes/client-node';
import type {
  KubeConfig,
  V1Node,
  V1PersistentVolume,
  V1PersistentVolumeClaim,
  V1Pod,
} from '@kubernetes/client-node';
import { isNotFound, withSignal } from '../runtime/index.js';
import { POOL_LABELS } from './pool-pods.js';
import type { AdmissionWebhook } from './webhook-backends.js';

export interface PoolWorkload {
  nodes: V1Node[];
  /** Pods bound to the pool's nodes. */
  pods: V1Pod[];
  pvcs: V1PersistentVolumeClaim[];
  pvs: V1PersistentVolume[];
}

/** The nodes AKS labels with the agent pool's name, and the pods on them. */
export async function gatherPoolWorkload(
  kc: KubeConfig,
  o: { agentPool: string; withVolumes?: boolean },
  signal?: AbortSignal,
): Promise<PoolWorkload> {
  const core = kc.makeApiClient(CoreV1Api);
  const opts = withSignal(signal);
  const [label] = POOL_LABELS;
  const nodes = (await core.listNode({ labelSelector: `${label}=${o.agentPool}` }, opts)).items;
  const names = new Set(nodes.map((n) => n.metadata?.name ?? ''));
  const pods =
    names.size === 0
      ? []
      : (await core.listPodForAllNamespaces({}, opts)).items.filter((p) => names.has(p.spec?.nodeName ?? ''));
  if (!o.withVolumes) return { nodes, pods, pvcs: [], pvs: [] };
  const pvcs = (await core.listPersistentVolumeClaimForAllNamespaces({}, opts)).items;
  const pvs = (await core.listPersistentVolume({}, opts)).items;
  return { nodes, pods, pvcs, pvs };
}

interface WebhookEntry {
  name: string;
  failurePolicy?: string;
  clientConfig: { service?: { namespace: string; name: string } };
}

/** Validating and mutating webhooks, each with the nodes of the running pods its service selects. */
export async function gatherAdmissionWebhooks(
  kc: KubeConfig,
  signal?: AbortSignal,
): Promise<AdmissionWebhook[]> {
  const admission = kc.makeApiClient(AdmissionregistrationV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const opts = withSignal(signal);
  const configs: { kind: string; configuration: string; hooks: WebhookEntry[] }[] = [
    ...(await admission.listValidatingWebhookConfiguration({}, opts)).items.map((c) => ({
      kind: 'ValidatingWebhookConfiguration',
      configuration: c.metadata?.name ?? '',
      hooks: c.webhooks ?? [],
    })),
    ...(await admission.listMutatingWebhookConfiguration({}, opts)).items.map((c) => ({
      kind: 'MutatingWebhookConfiguration',
      configuration: c.metadata?.name ?? '',
      hooks: c.webhooks ?? [],
    })),
  ];
  const webhooks: AdmissionWebhook[] = [];
  for (const config of configs) {
    for (const hook of config.hooks) {
      // Kubernetes defaults failurePolicy to Fail.
      const failurePolicy = hook.failurePolicy ?? 'Fail';
      const ref = hook.clientConfig.service;
      const base = { kind: config.kind, configuration: config.configuration, name: hook.name, failurePolicy };
      if (!ref || failurePolicy !== 'Fail') {
        webhooks.push({ ...base, backendNodes: [] });
        continue;
      }
      const service = { namespace: ref.namespace, name: ref.name };
      webhooks.push({ ...base, service, backendNodes: await backendNodes(core, service, opts) });
    }
  }
  return webhooks;
}

/** Nodes of the running pods a service selects; none when the service or its selector is absent. */
async function backendNodes(
  core: CoreV1Api,
  service: { namespace: string; name: string },
  opts: ReturnType<typeof withSignal>,
): Promise<string[]> {
  let selector: Record<string, string> | undefined;
  try {
    selector = (await core.readNamespacedService(service, opts)).spec?.selector;
  } catch (err: unknown) {
    // A webhook naming a missing service already fails every call it admits; that is not a drain's doing.
    if (isNotFound(err)) return [];
    throw err;
  }
  if (!selector || Object.keys(selector).length === 0) return [];
  const labelSelector = Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const pods = (await core.listNamespacedPod({ namespace: service.namespace, labelSelector }, opts)).items;
  return pods
    .filter((p) => p.status?.phase === 'Running' && p.metadata?.deletionTimestamp === undefined)
    .flatMap((p) => (p.spec?.nodeName ? [p.spec.nodeName] : []));
}
