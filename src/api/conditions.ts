// Condition types and reasons every kind uses. Reasons are API: tests and users match on them, so each
// is one CamelCase word with one line saying when it is set. Kind-specific ones extend these.

export const ConditionType = {
  /** Summary: True when the Azure resource matches the spec and is usable. */
  Ready: 'Ready',
  /** True while the operator is working towards the spec (an Azure operation, a wait on a dependency). */
  Reconciling: 'Reconciling',
  /** True when the operator stopped trying until the spec or something outside changes. */
  Stalled: 'Stalled',
} as const;
export type ConditionType = (typeof ConditionType)[keyof typeof ConditionType];

export const Reason = {
  /** The Azure resource matches the spec. */
  UpToDate: 'UpToDate',
  /** Not yet observed: the condition is Unknown until the first reconcile finishes. */
  Pending: 'Pending',
  /** The Azure resource is being created. */
  Creating: 'Creating',
  /** An update of the Azure resource is in progress. */
  Updating: 'Updating',
  /** Ready True: a new spec generation waits for its stage of the UpgradePlan holding the object; Azure keeps the applied one. */
  ChangeHeld: 'ChangeHeld',
  /** The Azure resource is being deleted. */
  Deleting: 'Deleting',
  /** Another Azure operation on the resource (or its cluster) is still running; retried after it ends. */
  OperationInProgress: 'OperationInProgress',
  /** The last Azure operation ended Failed; the message carries the Azure code and message. */
  OperationFailed: 'OperationFailed',
  /** Azure answered 429 beyond the client's retries; retried after Retry-After. */
  AzureThrottled: 'AzureThrottled',
  /** Azure could not be reached or answered 5xx; retried with backoff. */
  AzureUnavailable: 'AzureUnavailable',
  /** Azure refused the request because a subscription quota would be exceeded. */
  QuotaExceeded: 'QuotaExceeded',
  /** Azure or the operator refused the spec; fix the field the message names. */
  InvalidSpec: 'InvalidSpec',
  /** The Secret named by spec.credentialRef does not exist or lacks a key. */
  CredentialsNotFound: 'CredentialsNotFound',
  /** The operator may not read the credential Secret's namespace (chart value rbac.secretNamespaces). Retried with backoff. */
  CredentialSecretForbidden: 'CredentialSecretForbidden',
  /** The credential Secret names a service principal without all of tenantId, clientId and clientSecret. */
  InvalidCredentialReference: 'InvalidCredentialReference',
  /** spec.subscriptionId is not the subscription the credential Secret pins. */
  SubscriptionNotAllowed: 'SubscriptionNotAllowed',
  /** No subscription: neither the spec, the credential Secret nor the operator names one. */
  SubscriptionNotSet: 'SubscriptionNotSet',
  /** The object names no credential and its namespace may not act as the operator's own identity. */
  OperatorIdentityNotAllowed: 'OperatorIdentityNotAllowed',
  /** The operator cannot mint a token of the namespace's identity ServiceAccount (missing, or not permitted). Retried with backoff. */
  ServiceAccountTokenUnavailable: 'ServiceAccountTokenUnavailable',
  /** Entra ID refused the namespace's ServiceAccount token for the identity: no federated credential trusts it. Retried with backoff. */
  FederatedIdentityRefused: 'FederatedIdentityRefused',
  /** An ARM ID (in the spec or recorded) does not name the kind of AKS resource expected. */
  InvalidResourceId: 'InvalidResourceId',
  /** The Azure operation this object started was canceled in Azure (by someone else); it is tried again. */
  OperationCanceled: 'OperationCanceled',
  /** The identity lacks a role for the action on the resource (403 AuthorizationFailed); grant it. Retried with backoff. */
  AuthorizationFailed: 'AuthorizationFailed',
  /** The identity lacks a role on a resource the request links to (a subnet, an identity, a key vault); grant it there. */
  LinkedAuthorizationFailed: 'LinkedAuthorizationFailed',
  /** Azure refused the token or none could be obtained (401); fix the credential. Retried with backoff. */
  AuthenticationFailed: 'AuthenticationFailed',
  /** A resource lock (ScopeLocked) on the resource, its group or subscription refuses the write; retried with backoff until lifted. */
  ResourceLocked: 'ResourceLocked',
  /** An Azure Policy assignment denies the request; the message names it. Retried with backoff. */
  RequestDisallowedByPolicy: 'RequestDisallowedByPolicy',
  /** The subscription does not exist or the credential cannot see it. Retried with backoff. */
  SubscriptionNotFound: 'SubscriptionNotFound',
  /** The subscription is not registered for Microsoft.ContainerService; register the provider. Retried with backoff. */
  MissingSubscriptionRegistration: 'MissingSubscriptionRegistration',
  /** The subscription is disabled and read-only; re-enable it. Retried with backoff. */
  ReadOnlyDisabledSubscription: 'ReadOnlyDisabledSubscription',
  /** ARM does not serve the api-version the operator sends for this resource type (an operator configuration). Retried with backoff. */
  NoRegisteredProviderFound: 'NoRegisteredProviderFound',
  /** The workload cluster's API server could not be read (no kubeconfig, a refused credential, unreachable, timed out). */
  WorkloadClusterUnreachable: 'WorkloadClusterUnreachable',
  /** The cluster's private API server is out of the operator's network reach (no network path or DNS). */
  PrivateApiServerUnreachable: 'PrivateApiServerUnreachable',
  /** The resource group in the spec does not exist; create it or fix spec.resourceGroup. Retried with backoff. */
  ResourceGroupNotFound: 'ResourceGroupNotFound',
  /** Azure answered 409 with a code the operator does not know; retried with backoff, the message carries the code. */
  AzureConflict: 'AzureConflict',
  /** An error the operator does not classify; the message says what failed. Retried with backoff. */
  ReconcileError: 'ReconcileError',
  /** Running is False: Azure has no provisioned resource yet (it is being created, or its create failed). */
  NotProvisioned: 'NotProvisioned',
  /** The resource no longer exists in Azure and the spec asks the operator not to recreate it. */
  NotFoundInAzure: 'NotFoundInAzure',
  /** A resource of this name exists in Azure without the operator's owner tag: adopt it explicitly or pick another name. */
  AlreadyExists: 'AlreadyExists',
  /** The Azure resource carries the owner tag of another object (named in the message); nothing is written. */
  OwnedByAnotherObject: 'OwnedByAnotherObject',
  /** The spec, credential or subscription now points at another ARM ID than the one this object recorded; nothing is re-targeted. */
  ResourceIDChanged: 'ResourceIDChanged',
  /** The finalizer cannot act on Azure (no credential, or the resource is not ours); set the release annotation to let the object go. */
  FinalizerBlocked: 'FinalizerBlocked',
} as const;
export type Reason = (typeof Reason)[keyof typeof Reason];
