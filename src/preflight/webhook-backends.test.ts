import { FindingReason, Severity } from './findings.js';
import { checkWebhookBackends, type AdmissionWebhook } from './webhook-backends.js';

const hook = (over: Partial<AdmissionWebhook>): AdmissionWebhook => ({
  kind: 'ValidatingWebhookConfiguration',
  configuration: 'policy',
  name: 'validate.policy.example.com',
  failurePolicy: 'Fail',
  service: { namespace: 'policy', name: 'policy-webhook' },
  backendNodes: ['aks-user1-0'],
  ...over,
});

describe('checkWebhookBackends', () => {
  it.each([
    [
      'refuses a failing-closed webhook whose single backend runs on a drained node',
      hook({}),
      [FindingReason.WebhookBackendDrained],
    ],
    [
      'refuses a failing-closed webhook whose replicas all run on one drained node',
      hook({ backendNodes: ['aks-user1-0', 'aks-user1-0'] }),
      [FindingReason.WebhookBackendDrained],
    ],
    [
      'passes backends spread over two drained nodes, as nodes drain one at a time',
      hook({ backendNodes: ['aks-user1-0', 'aks-user1-1'] }),
      [],
    ],
    ['passes a backend on a node the step does not drain', hook({ backendNodes: ['aks-system-0'] }), []],
    ['passes a webhook that fails open', hook({ failurePolicy: 'Ignore' }), []],
    ['passes a webhook calling a URL', hook({ service: undefined }), []],
  ])('%s', (_title, webhook, reasons) => {
    const findings = checkWebhookBackends({
      webhooks: [webhook as AdmissionWebhook],
      drainedNodes: ['aks-user1-0', 'aks-user1-1'],
    });
    expect(findings.map((f) => f.reason)).toEqual(reasons);
    for (const f of findings) expect(f.severity).toBe(Severity.Error);
  });

  it('names the configuration and says how to let the drain through', () => {
    const [f] = checkWebhookBackends({ webhooks: [hook({})], drainedNodes: ['aks-user1-0'] });
    expect(f?.subject).toBe('ValidatingWebhookConfiguration policy');
    expect(f?.message).toMatch(/a single backend pod on node aks-user1-0/);
    expect(f?.message).toMatch(/failurePolicy: Ignore/);
  });
});
