// Pre-flight WebhookBackends: an admission webhook that fails closed (failurePolicy Fail) whose every
// backend pod sits on one node about to be drained refuses, while that node drains, the very pods that
// would replace its backend: the drain and every other write it admits stall together.

import { FindingReason, Severity } from './findings.js';
import type { Finding } from './findings.js';

export interface AdmissionWebhook {
  /** `ValidatingWebhookConfiguration` or `MutatingWebhookConfiguration`. */
  kind: string;
  /** Configuration name. */
  configuration: string;
  /** Webhook name inside it. */
  name: string;
  failurePolicy: string;
  /** The in-cluster service it calls; absent when it calls a URL. */
  service?: { namespace: string; name: string };
  /** Nodes of the service's ready backend pods (from its endpoints), one entry per pod. */
  backendNodes: string[];
}

export interface WebhookBackendsInput {
  webhooks: AdmissionWebhook[];
  /** Nodes the step drains. */
  drainedNodes: string[];
}

export function checkWebhookBackends(input: WebhookBackendsInput): Finding[] {
  const drained = new Set(input.drainedNodes);
  const findings: Finding[] = [];
  for (const hook of input.webhooks) {
    if (hook.failurePolicy !== 'Fail' || !hook.service || hook.backendNodes.length === 0) continue;
    const nodes = [...new Set(hook.backendNodes)];
    // Nodes drain one at a time: backends spread over several nodes keep one serving.
    const [only] = nodes;
    if (nodes.length !== 1 || only === undefined || !drained.has(only)) continue;
    const service = `${hook.service.namespace}/${hook.service.name}`;
    const replicas = hook.backendNodes.length;
    findings.push({
      severity: Severity.Error,
      reason: FindingReason.WebhookBackendDrained,
      subject: `${hook.kind} ${hook.configuration}`,
      message: `webhook ${hook.name} of ${hook.kind} ${hook.configuration} fails closed and its service ${service} has ${replicas === 1 ? 'a single backend pod' : `all ${replicas} backend pods`} on node ${only}, which the step drains: while it drains, admission of the replacement pods is refused; run the backend with replicas on several nodes (a PodDisruptionBudget and anti-affinity), or set failurePolicy: Ignore for the upgrade`,
    });
  }
  return findings;
}
