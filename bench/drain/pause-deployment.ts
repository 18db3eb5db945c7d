// The benchmark's workload: a Deployment of pause containers selected by `app=<name>`, optionally kept to
// labelled nodes and stopping within a second.
import type { V1Deployment } from '@kubernetes/client-node';

export interface PauseDeployment {
  app: string;
  namespace: string;
  replicas: number;
  nodeSelector?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Pods given 1 s to stop instead of Kubernetes' 30 s. */
  isQuickToStop?: boolean;
}

export function pauseDeployment(d: PauseDeployment): V1Deployment {
  const labels = { app: d.app };
  return {
    metadata: {
      name: d.app,
      namespace: d.namespace,
      labels,
      ...(d.annotations ? { annotations: d.annotations } : {}),
    },
    spec: {
      replicas: d.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }],
          ...(d.isQuickToStop ? { terminationGracePeriodSeconds: 1 } : {}),
          ...(d.nodeSelector ? { nodeSelector: d.nodeSelector } : {}),
        },
      },
    },
  };
}
