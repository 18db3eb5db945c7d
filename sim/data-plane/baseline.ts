// The kube-system workloads every AKS cluster runs, so drains meet what they meet on AKS: a kube-proxy
// DaemonSet on every node (skipped by drains) and CoreDNS with its PodDisruptionBudget (evicted by them).
import { setTimeout as delay } from 'node:timers/promises';
import type { V1DaemonSet, V1Deployment, V1PodDisruptionBudget } from '@kubernetes/client-node';
import type { ClusterClient } from './kube-client.js';
import { ignoreAlreadyExists, requestOptions } from './kube-client.js';

const NAMESPACE = 'kube-system';
const ADDON_LABELS = { 'kubernetes.azure.com/managedby': 'aks' };

const kubeProxy: V1DaemonSet = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: {
    name: 'kube-proxy',
    namespace: NAMESPACE,
    labels: { component: 'kube-proxy', ...ADDON_LABELS },
  },
  spec: {
    selector: { matchLabels: { component: 'kube-proxy', tier: 'node' } },
    template: {
      metadata: { labels: { component: 'kube-proxy', tier: 'node' } },
      spec: {
        priorityClassName: 'system-node-critical',
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        // kube-proxy runs on every node whatever its taints, like on AKS.
        tolerations: [{ operator: 'Exists' }],
        containers: [{ name: 'kube-proxy', image: 'mcr.microsoft.com/oss/v2/kubernetes/kube-proxy:v1.35.4' }],
      },
    },
  },
};

const COREDNS_LABELS = { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true' };

const coreDns: V1Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'coredns', namespace: NAMESPACE, labels: { ...COREDNS_LABELS, ...ADDON_LABELS } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    template: {
      metadata: { labels: { ...COREDNS_LABELS, version: 'v20' } },
      spec: {
        priorityClassName: 'system-node-critical',
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                preference: {
                  matchExpressions: [
                    { key: 'kubernetes.azure.com/mode', operator: 'In', values: ['system'] },
                  ],
                },
              },
            ],
          },
        },
        containers: [
          {
            name: 'coredns',
            image: 'mcr.microsoft.com/oss/v2/kubernetes/coredns:v1.12.1',
            resources: { requests: { cpu: '100m', memory: '70Mi' } },
          },
        ],
      },
    },
  },
};

const coreDnsPdb: V1PodDisruptionBudget = {
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'coredns-pdb', namespace: NAMESPACE, labels: ADDON_LABELS },
  spec: { minAvailable: 1, selector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
};

/** The namespaces whose `default` ServiceAccount an AKS cluster has before it reports Succeeded. */
const SERVICE_ACCOUNT_NAMESPACES = ['default', NAMESPACE];
const SERVICE_ACCOUNT_POLL_MS = 100;

/**
 * Creates the baseline workloads (those already present are left as they are), then waits for the
 * `default` ServiceAccounts: on AKS a cluster that reports Succeeded accepts pods in `default` at once,
 * while a fresh API server refuses them until its ServiceAccount controller has run.
 */
export async function ensureBaseline(client: ClusterClient, signal: AbortSignal): Promise<void> {
  const options = requestOptions(signal);
  await ignoreAlreadyExists(
    client.apps.createNamespacedDaemonSet({ namespace: NAMESPACE, body: kubeProxy }, options),
  );
  await ignoreAlreadyExists(
    client.apps.createNamespacedDeployment({ namespace: NAMESPACE, body: coreDns }, options),
  );
  await ignoreAlreadyExists(
    client.policy.createNamespacedPodDisruptionBudget({ namespace: NAMESPACE, body: coreDnsPdb }, options),
  );
  for (const namespace of SERVICE_ACCOUNT_NAMESPACES) {
    while (!(await hasDefaultServiceAccount(client, namespace, signal))) {
      await delay(SERVICE_ACCOUNT_POLL_MS, undefined, { signal });
    }
  }
}

async function hasDefaultServiceAccount(
  client: ClusterClient,
  namespace: string,
  signal: AbortSignal,
): Promise<boolean> {
  const list = await client.core.listNamespacedServiceAccount(
    { namespace, fieldSelector: 'metadata.name=default' },
    requestOptions(signal),
  );
  return list.items.length > 0;
}
