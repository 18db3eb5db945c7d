// One namespace per test in the shared management cluster, so tests never see each other's objects.
import { randomBytes } from 'node:crypto';
import { ApiException, CoreV1Api } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';

export const TEST_NAMESPACE_LABEL = 'aks-lifecycle.dev/test-namespace';

export interface TestNamespace {
  name: string;
  /** Starts deleting the namespace (the namespace controller finishes it). Idempotent. */
  delete(): Promise<void>;
}

/** `<prefix>-<6 hex>`, trimmed and lowered into a valid DNS label. */
export function testNamespaceName(prefix: string): string {
  const base = prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return `${base || 'test'}-${randomBytes(3).toString('hex')}`;
}

export async function createTestNamespace(kc: KubeConfig, prefix: string): Promise<TestNamespace> {
  const core = kc.makeApiClient(CoreV1Api);
  const name = testNamespaceName(prefix);
  await core.createNamespace({ body: { metadata: { name, labels: { [TEST_NAMESPACE_LABEL]: 'true' } } } });
  return {
    name,
    async delete() {
      try {
        await core.deleteNamespace({ name, propagationPolicy: 'Background' });
      } catch (err: unknown) {
        if (!(err instanceof ApiException && err.code === 404)) throw err;
      }
    },
  };
}
