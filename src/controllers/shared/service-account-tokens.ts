// Tokens of the identity ServiceAccount of a namespace, minted by the API server (TokenRequest) for
// Entra ID's token exchange. One fixed ServiceAccount name for every namespace: the chart lets the
// operator mint tokens for that name only, in the namespaces it names, never for any other account.
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { Reason } from '../../api/index.js';
import { TOKEN_EXCHANGE_AUDIENCE, type ServiceAccountTokens } from '../../azure/index.js';
import { BlockedError, classifyKubeError, kubeStatusCode, withSignal } from '../../runtime/index.js';

/** The identity ServiceAccount's name when the operator is not told another. */
export const DEFAULT_IDENTITY_SERVICE_ACCOUNT = 'aks-lifecycle-identity';

// Entra accepts an assertion for as long as it is valid; the exchanged token lives an hour on its own.
const TOKEN_LIFETIME_SECONDS = 600;

export function kubeServiceAccountTokens(
  kc: KubeConfig,
  serviceAccountName: string = DEFAULT_IDENTITY_SERVICE_ACCOUNT,
): ServiceAccountTokens {
  const core = kc.makeApiClient(CoreV1Api);
  return {
    async token(namespace, signal) {
      const account = `${namespace}/${serviceAccountName}`;
      try {
        const answer = await core.createNamespacedServiceAccountToken(
          {
            name: serviceAccountName,
            namespace,
            body: {
              spec: { audiences: [TOKEN_EXCHANGE_AUDIENCE], expirationSeconds: TOKEN_LIFETIME_SECONDS },
            },
          },
          withSignal(signal),
        );
        const token = answer.status?.token;
        if (!token) throw new Error(`the API server returned no token for ServiceAccount ${account}`);
        return token;
      } catch (err: unknown) {
        throw unavailable(err, account);
      }
    },
  };
}

/** What stops a TokenRequest, as the error that names the fix. */
function unavailable(err: unknown, account: string): unknown {
  const code = kubeStatusCode(err);
  if (code === 404) {
    return new BlockedError(
      `cannot mint a token of ServiceAccount ${account}: it does not exist; create it in the namespace ` +
        "for the identity's federated credential to trust",
      { cause: err, reason: Reason.ServiceAccountTokenUnavailable },
    );
  }
  if (code === 403) {
    return new BlockedError(
      `cannot mint a token of ServiceAccount ${account}: the operator may not; the platform admin ` +
        'lists the namespace in the chart value tenantIdentity.namespaces',
      { cause: err, reason: Reason.ServiceAccountTokenUnavailable },
    );
  }
  return classifyKubeError(err, `mint a token of ServiceAccount ${account}`);
}
