// kwok fake nodes: Node objects the kwok controller keeps Ready (it fakes the kubelet), with the labels,
// taints and capacity a test chooses. The management cluster is shared by test files running at once:
// give nodes unique names and steer pods with a unique label (nodeSelector) or taint.
import { ApiException, CoreV1Api } from '@kubernetes/client-node';
import type { KubeConfig, V1Node, V1NodeSystemInfo, V1Taint } from '@kubernetes/client-node';
import { waitFor } from './wait.js';

export const FAKE_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

export interface FakeNodeSpec {
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  taints?: V1Taint[];
  /** Capacity and allocatable; defaults: 8 CPUs, 32Gi, 110 pods. */
  cpu?: string;
  memory?: string;
  pods?: number;
  /** Reported as status.nodeInfo.kubeletVersion (kwok keeps it), e.g. an agent pool's orchestrator version. */
  kubeletVersion?: string;
  isUnschedulable?: boolean;
}

function nodeInfo(kubeletVersion: string): V1NodeSystemInfo {
  return {
    architecture: 'amd64',
    operatingSystem: 'linux',
    kubeletVersion,
    bootID: '',
    containerRuntimeVersion: '',
    kernelVersion: '',
    kubeProxyVersion: '',
    machineID: '',
    osImage: '',
    systemUUID: '',
  };
}

export function fakeNodeManifest(spec: FakeNodeSpec): V1Node {
  const resources = { cpu: spec.cpu ?? '8', memory: spec.memory ?? '32Gi', pods: String(spec.pods ?? 110) };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: spec.name,
      annotations: { [FAKE_NODE_ANNOTATION]: 'fake', ...spec.annotations },
      labels: {
        'kubernetes.io/hostname': spec.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        type: 'kwok',
        ...spec.labels,
      },
    },
    spec: { taints: spec.taints, unschedulable: spec.isUnschedulable },
    status: {
      allocatable: resources,
      capacity: resources,
      // Without a nodeInfo of our own kwok reports its own version as the kubelet's.
      ...(spec.kubeletVersion ? { nodeInfo: nodeInfo(spec.kubeletVersion) } : {}),
    },
  };
}

/** Creates the node; status set on create is kept (the API server accepts a Node's status on create). */
export async function createFakeNode(kc: KubeConfig, spec: FakeNodeSpec): Promise<V1Node> {
  return kc.makeApiClient(CoreV1Api).createNode({ body: fakeNodeManifest(spec) });
}

export function isNodeReady(node: V1Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}

export async function waitForNodeReady(kc: KubeConfig, name: string, timeoutMs = 30_000): Promise<V1Node> {
  const core = kc.makeApiClient(CoreV1Api);
  return waitFor(() => core.readNode({ name }), {
    timeoutMs,
    until: isNodeReady,
    message: `node ${name} to become Ready`,
  });
}

/** Deletes the node; absent is fine. */
export async function deleteFakeNode(kc: KubeConfig, name: string): Promise<void> {
  try {
    await kc.makeApiClient(CoreV1Api).deleteNode({ name });
  } catch (err: unknown) {
    if (!(err instanceof ApiException && err.code === 404)) throw err;
  }
}
