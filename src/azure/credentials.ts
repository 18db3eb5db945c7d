// Which Azure credential signs ARM requests: an identity description (from a namespace default or an
// object's credential reference, secret read from a Kubernetes Secret) turned into a TokenCredential.
// Workload identity exchanges a token of the object's own namespace, never the operator pod's, so a
// namespace can act only as identities that trust its ServiceAccount. Secrets stay inside the
// credential objects: nothing here logs them, and keys only carry their hash.

import { Reason } from '../api/index.js';
import { createHash } from 'node:crypto';
import type { TokenCredential } from '@azure/core-auth';
import {
  ClientAssertionCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  type ClientSecretCredentialOptions,
} from '@azure/identity';
import { InvalidSpecError } from '../runtime/index.js';
import type { ServiceAccountTokens } from './service-account-tokens.js';

/**
 * An Azure identity. Empty = the operator's own ambient identity (DefaultAzureCredential: workload
 * identity in a cluster, environment or CLI elsewhere). `clientSecret` → a service principal;
 * `useWorkloadIdentity` → the token of the identity ServiceAccount in `namespace`, exchanged for
 * `clientId`/`tenantId`.
 */
export interface AzureIdentity {
  tenantId?: string;
  clientId?: string;
  /** From a Kubernetes Secret; never logged, never put in a cache key. */
  clientSecret?: string;
  useWorkloadIdentity?: boolean;
  /** Workload identity: the namespace whose ServiceAccount token is exchanged (the object's). */
  namespace?: string;
}

/** Turns identities into credentials. Implementations cache: the same identity yields the same credential. */
export interface CredentialSource {
  /** Never calls Azure; throws InvalidSpecError when the identity is incomplete. */
  credentialFor(identity: AzureIdentity): TokenCredential;
}

/** A stable key for an identity, safe to log: the secret enters only as a short hash. */
export function identityKey(identity: AzureIdentity): string {
  const secret = identity.clientSecret
    ? createHash('sha256').update(identity.clientSecret).digest('hex').slice(0, 16)
    : '';
  return [
    identity.tenantId ?? '',
    identity.clientId ?? '',
    identity.useWorkloadIdentity ? `wi:${identity.namespace ?? ''}` : '',
    secret,
  ].join('|');
}

/** For logs and messages: who we act as, without the secret. */
export function describeIdentity(identity: AzureIdentity): string {
  if (identity.clientSecret)
    return `service principal ${identity.clientId ?? '?'} in tenant ${identity.tenantId ?? '?'}`;
  if (identity.useWorkloadIdentity)
    return `workload identity ${identity.clientId ?? '?'} through namespace ${identity.namespace ?? '?'}`;
  return 'the operator identity';
}

export interface AzureIdentityCredentialSourceOptions {
  /** Entra authority for sovereign clouds (or the simulator's); the public cloud when omitted. */
  authorityHost?: string;
  /** Tokens of a namespace's identity ServiceAccount; workload identities are refused without it. */
  serviceAccountTokens?: ServiceAccountTokens;
  /** The operator's own identity; DefaultAzureCredential when omitted. */
  operatorCredential?: TokenCredential;
  /** CA of an authority host with a private certificate (the simulator); it is also not discovered. */
  authorityCaPem?: string;
}

/** Credentials from @azure/identity, one per distinct identity. */
export class AzureIdentityCredentialSource implements CredentialSource {
  private readonly cache = new Map<string, TokenCredential>();

  constructor(private readonly options: AzureIdentityCredentialSourceOptions = {}) {}

  credentialFor(identity: AzureIdentity): TokenCredential {
    const key = identityKey(identity);
    let credential = this.cache.get(key);
    if (!credential) {
      credential = this.create(identity);
      this.cache.set(key, credential);
    }
    return credential;
  }

  private create(identity: AzureIdentity): TokenCredential {
    const common = this.commonOptions();
    if (identity.clientSecret !== undefined) {
      if (!identity.tenantId || !identity.clientId || !identity.clientSecret) {
        throw new InvalidSpecError(
          'cannot use the service principal credential: tenantId, clientId and clientSecret are all required',
          { reason: Reason.InvalidCredentialReference },
        );
      }
      return new ClientSecretCredential(identity.tenantId, identity.clientId, identity.clientSecret, common);
    }
    if (identity.useWorkloadIdentity) return this.workloadIdentity(identity, common);
    if (this.options.operatorCredential && !identity.tenantId && !identity.clientId)
      return this.options.operatorCredential;
    return new DefaultAzureCredential({
      ...common,
      ...(identity.tenantId ? { tenantId: identity.tenantId } : {}),
      ...(identity.clientId
        ? { managedIdentityClientId: identity.clientId, workloadIdentityClientId: identity.clientId }
        : {}),
    });
  }

  /** The namespace's ServiceAccount token, exchanged at Entra ID for the identity's client. */
  private workloadIdentity(identity: AzureIdentity, common: ClientSecretCredentialOptions): TokenCredential {
    const { tenantId, clientId, namespace } = identity;
    const tokens = this.options.serviceAccountTokens;
    if (!tenantId || !clientId || !namespace || !tokens) {
      throw new InvalidSpecError(
        'cannot use workload identity: tenantId, clientId and the namespace of the object are required, ' +
          'and the operator must be configured with an identity ServiceAccount',
        { reason: Reason.InvalidCredentialReference },
      );
    }
    return new ClientAssertionCredential(tenantId, clientId, () => tokens.token(namespace), common);
  }

  private commonOptions(): ClientSecretCredentialOptions {
    const { authorityHost, authorityCaPem } = this.options;
    return {
      ...(authorityHost ? { authorityHost } : {}),
      // A private authority (the simulator) has no entry in Entra's instance discovery.
      ...(authorityCaPem ? { tlsOptions: { ca: authorityCaPem }, disableInstanceDiscovery: true } : {}),
    };
  }
}

/** A credential that always presents the same bearer token: for the local simulator, never for Azure. */
export function staticTokenCredential(token: string, lifetimeMs = 3_600_000): TokenCredential {
  return {
    getToken: () =>
      Promise.resolve({ token, expiresOnTimestamp: Date.now() + lifetimeMs, tokenType: 'Bearer' }),
  };
}

/** The token the operator presents to the simulator as its own identity unless told another. */
export const DEFAULT_SIMULATOR_TOKEN = 'local-simulator-token';

/** Every identity maps to one static token (the simulator accepts any bearer token). */
export class StaticTokenCredentialSource implements CredentialSource {
  private readonly credential: TokenCredential;
  constructor(token = DEFAULT_SIMULATOR_TOKEN) {
    this.credential = staticTokenCredential(token);
  }
  credentialFor(_identity: AzureIdentity): TokenCredential {
    return this.credential;
  }
}
