// Reads Secrets from the API server for credential references: one GET, data decoded, never logged.
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { Reason } from '../../api/index.js';
import {
  BlockedError,
  classifyKubeError,
  isNotFound,
  kubeStatusCode,
  withSignal,
} from '../../runtime/index.js';
import type { SecretReader } from './azure-access.js';

export function kubeSecretReader(kc: KubeConfig): SecretReader {
  const core = kc.makeApiClient(CoreV1Api);
  return {
    async read(namespace, name, signal) {
      try {
        const secret = await core.readNamespacedSecret({ name, namespace }, withSignal(signal));
        const data: Record<string, string> = {};
        for (const [k, v] of Object.entries(secret.data ?? {}))
          data[k] = Buffer.from(v, 'base64').toString('utf8');
        for (const [k, v] of Object.entries(secret.stringData ?? {})) data[k] = v;
        return data;
      } catch (err: unknown) {
        if (isNotFound(err)) return undefined;
        if (kubeStatusCode(err) === 403) {
          throw new BlockedError(
            `the operator may not read Secrets in namespace ${namespace} (credential Secret ${name}); the ` +
              'platform admin lists the namespace in the chart value rbac.secretNamespaces',
            { cause: err, reason: Reason.CredentialSecretForbidden },
          );
        }
        throw classifyKubeError(err, `read Secret ${namespace}/${name}`);
      }
    },
  };
}
