// ManagedCluster spec sections for autoscaling: the cluster autoscaler's profile (AKS's REST names, which
// are the autoscaler's own flag names) and the workload autoscalers AKS runs (KEDA, Vertical Pod Autoscaler).
import { s, valuesOf } from './schema.js';

export const Expander = {
  LeastWaste: 'least-waste',
  MostPods: 'most-pods',
  Priority: 'priority',
  Random: 'random',
} as const;
export type Expander = (typeof Expander)[keyof typeof Expander];

const DURATION = '^[0-9]+(s|m|h)$';

const duration = (what: string) =>
  s
    .string({ description: `${what}, a duration such as 10s, 10m or 1h.`, pattern: DURATION, maxLength: 16 })
    .optional();

const wholeNumber = (what: string) =>
  s
    .string({
      description: `${what}, a whole number written as a string.`,
      pattern: '^[0-9]+$',
      maxLength: 10,
    })
    .optional();

const switchText = (what: string) =>
  s
    .enum(['true', 'false'] as const, {
      description: `${what}: "true" or "false" (a string, as AKS has it).`,
    })
    .optional();

export const autoScalerProfile = s.object(
  {
    'balance-similar-node-groups': switchText('Balance node counts between similar node groups'),
    'daemonset-eviction-for-empty-nodes': s
      .boolean({ description: 'Evict DaemonSet pods from empty nodes before scaling them down.' })
      .optional(),
    'daemonset-eviction-for-occupied-nodes': s
      .boolean({ description: 'Evict DaemonSet pods from nodes with other pods before scaling them down.' })
      .optional(),
    'ignore-daemonsets-utilization': s
      .boolean({ description: 'Leave DaemonSet pods out of the utilization that decides a scale down.' })
      .optional(),
    expander: s
      .enum(valuesOf(Expander), {
        description: 'How a node group is chosen to scale up: least-waste, most-pods, priority or random.',
      })
      .optional(),
    'max-empty-bulk-delete': wholeNumber('Most empty nodes deleted at once'),
    'max-graceful-termination-sec': wholeNumber('Seconds a pod may take to terminate on scale down'),
    'max-node-provision-time': duration('How long to wait for a new node to register'),
    'max-total-unready-percentage': wholeNumber(
      'Percentage of unready nodes above which scaling stops (0-100)',
    ),
    'new-pod-scale-up-delay': duration('Age a pod must reach before it may trigger a scale up'),
    'ok-total-unready-count': wholeNumber(
      'Unready nodes tolerated whatever max-total-unready-percentage says',
    ),
    'scan-interval': duration('How often the autoscaler re-evaluates the cluster'),
    'scale-down-delay-after-add': duration('Wait after a scale up before scale down is considered'),
    'scale-down-delay-after-delete': duration('Wait after a node deletion before scale down is considered'),
    'scale-down-delay-after-failure': duration('Wait after a failed scale down before the next'),
    'scale-down-unneeded-time': duration('How long a node must be unneeded before it is removed'),
    'scale-down-unready-time': duration('How long an unready node must be unneeded before it is removed'),
    'scale-down-utilization-threshold': s
      .string({
        description:
          'Utilization (requested / allocatable, 0 to 1) below which a node may be removed, written as a string such as "0.5".',
        pattern: '^(0([.][0-9]+)?|1([.]0+)?)$',
        maxLength: 10,
      })
      .optional(),
    'skip-nodes-with-local-storage': switchText('Never remove nodes with pods using local storage'),
    'skip-nodes-with-system-pods': switchText('Never remove nodes with kube-system pods (DaemonSets aside)'),
  },
  {
    description:
      "Settings of the cluster autoscaler for pools with autoscaling, in AKS's REST names (the autoscaler's flags). " +
      "Fields left out are Azure's (AKS fills its defaults, e.g. scan-interval 10s, once a pool autoscales).",
  },
);

const enabledSwitch = (what: string) =>
  s.object({ enabled: s.boolean({ description: `Run ${what}.` }) }, { description: `${what}.` }).optional();

export const workloadAutoScalerProfile = s.object(
  {
    keda: enabledSwitch('KEDA (Kubernetes Event-driven Autoscaling), managed by AKS'),
    verticalPodAutoscaler: enabledSwitch('the Vertical Pod Autoscaler, managed by AKS'),
  },
  { description: "Workload autoscalers AKS installs and upgrades. Sections left out are Azure's." },
);
