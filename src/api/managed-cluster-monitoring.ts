// ManagedCluster spec sections for observability: Azure Monitor managed Prometheus metrics (with the
// kube-state-metrics allow lists) and the cost analysis add-on (metricsProfile.costAnalysis).
import { s } from './schema.js';

export const azureMonitorProfile = s.object(
  {
    metrics: s
      .object(
        {
          enabled: s.boolean({
            description: 'Collect Prometheus metrics into an Azure Monitor workspace (managed Prometheus).',
          }),
          kubeStateMetrics: s
            .object(
              {
                metricLabelsAllowlist: s
                  .string({
                    description:
                      'Extra Kubernetes labels kube-state-metrics exports, e.g. "namespaces=[k8s-label-1],pods=[app]".',
                    maxLength: 4096,
                  })
                  .optional(),
                metricAnnotationsAllowList: s
                  .string({
                    description:
                      'Kubernetes annotations kube-state-metrics exports, e.g. "namespaces=[kubernetes.io/team]".',
                    maxLength: 4096,
                  })
                  .optional(),
              },
              { description: 'What the kube-state-metrics of the add-on exports beyond its defaults.' },
            )
            .optional(),
        },
        { description: 'Managed Prometheus metrics.' },
      )
      .optional(),
  },
  { description: "Azure Monitor profile of the cluster. Sections left out are Azure's." },
);

export const metricsProfile = s.object(
  {
    costAnalysis: s
      .object(
        {
          enabled: s.boolean({
            description:
              'Add namespace and deployment detail to the Cost Analysis views of the Azure portal; needs sku.tier Standard or Premium.',
          }),
        },
        { description: 'Per-Kubernetes-resource cost analysis.' },
      )
      .optional(),
  },
  { description: "Cluster metrics settings. Sections left out are Azure's." },
);
