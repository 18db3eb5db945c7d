// Which Azure credential signs ARM requests: an identity description (from a namespace default or an
// object's credential reference, secret read from a Kubernetes Secret) turned into a TokenCredential.
// Secrets stay inside the credential objects: nothing here logs them, and keys only carry their hash.

import { Reason } from '../api/index.js';
import { createHash } from 'node:crypto';
import type { TokenCredential } from '@azure/core-auth';
import { ClientSecretCredential, DefaultAzureCredential, WorkloadIdentityCredential } from '@azure/identity';
import { InvalidSpecError } from '../runtime/index.js';

/**
 * An Azure identity. Empty = the operator's own ambient identity (DefaultAzureCredential: workload
 * identity in a cluster, environment or CLI elsewhere). `clientSecret` → a service principal;
 * `useWorkloadIdentity` → federated token of the operator's pod for `clientId`/`tenantId`.
 */
export interface AzureIdentity {
  tenantId?: string;
  clientId?: string;
  /** From a Kubernetes Secret; never logged, never put in a cache key. */
  clientSecret?: string;
  useWorkloadIdentity?: boolean;
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
    identity.useWorkloadIdentity ? 'wi' : '',
    secret,
  ].join('|');
}

/** For logs and messages: who we act as, without the secret. */
export function describeIdentity(identity: AzureIdentity): string {
  if (identity.clientSecret)
    return `service principal ${identity.clientId ?? '?'} in tenant ${identity.tenantId ?? '?'}`;
  if (identity.useWorkloadIdentity) return `workload identity ${identity.clientId ?? '(default client)'}`;
  return 'the operator identity';
}

export interface AzureIdentityCredentialSourceOptions {
  /** Entra authority for sovereign clouds; the public cloud when omitted. */
  authorityHost?: string;
}

/** Credentials from @azure/identity, one per distinct identity. */
export class AzureIdentityCredentialSource implements CredentialSource {
  private readonly cache = new Map<string, TokenCredential>();
  private readonly authorityHost: string | undefined;

  constructor(options: AzureIdentityCredentialSourceOptions = {}) {
    this.authorityHost = options.authorityHost;
  }

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
    const common = this.authorityHost ? { authorityHost: this.authorityHost } : {};
    if (identity.clientSecret !== undefined) {
      if (!identity.tenantId || !identity.clientId || !identity.clientSecret) {
        throw new InvalidSpecError(
          'cannot use the service principal credential: tenantId, clientId and clientSecret are all required',
          { reason: Reason.InvalidCredentialReference },
        );
      }
      return new ClientSecretCredential(identity.tenantId, identity.clientId, identity.clientSecret, common);
    }
    if (identity.useWorkloadIdentity) {
      // Tenant, client and token file default to the AZURE_* variables the workload-identity webhook injects.
      return new WorkloadIdentityCredential({
        ...common,
        ...(identity.tenantId ? { tenantId: identity.tenantId } : {}),
        ...(identity.clientId ? { clientId: identity.clientId } : {}),
      });
    }
    return new DefaultAzureCredential({
      ...common,
      ...(identity.tenantId ? { tenantId: identity.tenantId } : {}),
      ...(identity.clientId
        ? { managedIdentityClientId: identity.clientId, workloadIdentityClientId: identity.clientId }
        : {}),
    });
  }
}

/** A credential that always presents the same bearer token: for the local simulator, never for Azure. */
export function staticTokenCredential(token: string, lifetimeMs = 3_600_000): TokenCredential {
  return {
    getToken: () =>
      Promise.resolve({ token, expiresOnTimestamp: Date.now() + lifetimeMs, tokenType: 'Bearer' }),
  };
}

/** Every identity maps to one static token (the simulator accepts any bearer token). */
export class StaticTokenCredentialSource implements CredentialSource {
  private readonly credential: TokenCredential;
  constructor(token = 'local-simulator-token') {
    this.credential = staticTokenCredential(token);
  }
  credentialFor(_identity: AzureIdentity): TokenCredential {
    return this.credential;
  }
}
