// Which subscription and identity an object acts with: its credentialRef Secret, else the namespace's
// default credential Secret, else the operator's own identity where the platform admin allowed it. A
// workload identity is always exchanged through the object's own namespace, so a namespace acts only
// as identities that trust it. A Secret that names a subscription pins the object to it, so a team's
// namespace can only act in its own subscription. Secrets are never logged.
import { Reason } from '../../api/index.js';
import type { AzureIdentity } from '../../azure/index.js';
import { tryParseResourceId } from '../../azure/index.js';
import type { SpecProblem } from './spec-problem.js';

/** Reads a Secret's decoded data; undefined when it does not exist. */
export interface SecretReader {
  read(namespace: string, name: string, signal?: AbortSignal): Promise<Record<string, string> | undefined>;
}

export interface AzureAccessConfig {
  /** Subscription used when neither the object nor its credential Secret names one. */
  defaultSubscriptionId?: string;
  /** A Secret of this name in a namespace is the default credential of every object there. */
  namespaceSecretName?: string;
  /**
   * Namespaces whose objects, naming no credential, act as the operator's own identity; `*` is every
   * namespace. None when absent: such objects stall with OperatorIdentityNotAllowed.
   */
  operatorIdentityNamespaces?: readonly string[];
}

/** In `operatorIdentityNamespaces`, every namespace. */
export const EVERY_NAMESPACE = '*';

/** Who an object acts as, and where. `source` describes it for messages (never the secret). */
export interface AzureAccess {
  subscriptionId: string;
  identity: AzureIdentity;
  source: string;
}

export interface AccessRequest {
  namespace: string;
  credentialRef?: { name: string };
  subscriptionId?: string;
}

export const SecretKey = {
  TenantId: 'tenantId',
  ClientId: 'clientId',
  ClientSecret: 'clientSecret',
  SubscriptionId: 'subscriptionId',
  /** "true": exchange a token of the namespace's identity ServiceAccount for clientId (workload identity). */
  UseWorkloadIdentity: 'useWorkloadIdentity',
} as const;

export class AzureAccessResolver {
  constructor(
    private readonly secrets: SecretReader,
    private readonly config: AzureAccessConfig = {},
  ) {}

  /** The access of `req`, or the problem that prevents any Azure call. Reads at most one Secret. */
  async resolve(req: AccessRequest, signal?: AbortSignal): Promise<AzureAccess | SpecProblem> {
    const named = req.credentialRef?.name;
    const secretName = named ?? this.config.namespaceSecretName;
    const data = secretName ? await this.secrets.read(req.namespace, secretName, signal) : undefined;
    if (named && !data) {
      return {
        reason: Reason.CredentialsNotFound,
        field: 'spec.credentialRef',
        message: `Secret ${req.namespace}/${named} named by spec.credentialRef does not exist; create it or remove credentialRef`,
      };
    }
    if (!data && !this.mayUseOperatorIdentity(req.namespace)) {
      return {
        reason: Reason.OperatorIdentityNotAllowed,
        field: 'spec.credentialRef',
        message:
          `namespace ${req.namespace} has no Azure credential and may not act as the operator's own identity; ` +
          'set spec.credentialRef (or the namespace default credential Secret), or ask the platform admin to ' +
          'allow the namespace in tenantIdentity.operatorIdentityNamespaces',
      };
    }
    const identity = data ? identityOf(data, req.namespace) : {};
    if (data && !identity) {
      return {
        reason: Reason.CredentialsNotFound,
        field: 'spec.credentialRef',
        message:
          `Secret ${req.namespace}/${secretName ?? ''} lacks the keys of a credential: it needs tenantId and clientId, ` +
          'and clientSecret or useWorkloadIdentity: "true"',
      };
    }
    const source = data ? `Secret ${req.namespace}/${secretName ?? ''}` : 'the operator identity';
    const pinned = data?.[SecretKey.SubscriptionId]?.trim();
    if (pinned && req.subscriptionId && pinned.toLowerCase() !== req.subscriptionId.toLowerCase()) {
      return {
        reason: Reason.SubscriptionNotAllowed,
        field: 'spec.subscriptionId',
        message:
          `spec.subscriptionId ${req.subscriptionId} is not the subscription of ${source} (${pinned}); ` +
          `objects using it may only act in ${pinned}`,
      };
    }
    const subscriptionId = pinned || req.subscriptionId || this.config.defaultSubscriptionId;
    if (!subscriptionId) {
      return {
        reason: Reason.SubscriptionNotSet,
        field: 'spec.subscriptionId',
        message:
          'no Azure subscription: set spec.subscriptionId or a subscriptionId key in the credential Secret',
      };
    }
    return { subscriptionId, identity: identity ?? {}, source };
  }

  private mayUseOperatorIdentity(namespace: string): boolean {
    const allowed = this.config.operatorIdentityNamespaces ?? [];
    return allowed.includes(EVERY_NAMESPACE) || allowed.includes(namespace);
  }
}

function identityOf(data: Record<string, string>, namespace: string): AzureIdentity | undefined {
  const tenantId = data[SecretKey.TenantId]?.trim();
  const clientId = data[SecretKey.ClientId]?.trim();
  const clientSecret = data[SecretKey.ClientSecret];
  const useWorkloadIdentity = data[SecretKey.UseWorkloadIdentity]?.trim().toLowerCase() === 'true';
  if (!tenantId || !clientId) return undefined;
  if (clientSecret) return { tenantId, clientId, clientSecret };
  if (useWorkloadIdentity) return { tenantId, clientId, useWorkloadIdentity, namespace };
  return undefined;
}

/** A problem when an adoption ID names another subscription than the one the object acts in. */
export function checkAdoptionSubscription(resourceId: string, access: AzureAccess): SpecProblem | undefined {
  const ref = tryParseResourceId(resourceId);
  if (!ref || ref.subscriptionId.toLowerCase() === access.subscriptionId.toLowerCase()) return undefined;
  return {
    reason: Reason.SubscriptionNotAllowed,
    field: 'spec.adoption.resourceID',
    message: `adoption.resourceID is in subscription ${ref.subscriptionId} but this object acts in ${access.subscriptionId} (${access.source})`,
  };
}
