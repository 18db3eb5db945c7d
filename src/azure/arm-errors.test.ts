import { RestError } from '@azure/arm-containerservice';
import {
  BlockedError,
  ConflictError,
  InvalidSpecError,
  OperationInProgressError,
  ThrottledError,
  TransientError,
} from '../runtime/index.js';
import {
  AccessDeniedError,
  ArmBlockedError,
  ArmNotFoundError,
  CapacityError,
  OperationFailedError,
  QuotaExceededError,
} from './arm-error-classes.js';
import { classifyArmError, parseQuotaDetails } from './arm-errors.js';
import { MAX_RETRY_AFTER_MS } from './retry-after.js';
import type { ObservedArmError } from './call-context.js';

const CALL = { verb: 'update', what: 'agent pool user1 of cluster c1' };

/** A RestError as `createRestError` builds it from a response: message and code from the body. */
function restError(statusCode: number, code: string | undefined, message: string): RestError {
  return new RestError(message, { statusCode, ...(code ? { code } : {}) });
}

/** The poller's failure, built as core-lro 3 builds it from a Failed status body. */
function lroFailure(code: string, message: string): Error {
  return new Error(`The long-running operation has failed. ${code}. ${message}`);
}

type ErrorClass = abstract new (...args: never[]) => Error;

const QUOTA_MESSAGE =
  'Preflight validation check for resource(s) for container service c1 in resource group MC_rg_c1_eastus2 failed. Message: Operation could not be completed as it results in exceeding approved standardBSFamily Cores quota. Additional details - Deployment Model: Resource Manager, Location: eastus2, Current Limit: 50, Current Usage: 48, Additional Required: 4, (Minimum) New Limit Required: 52. Submit a request for Quota increase at https://aka.ms/ProdportalCRP by specifying parameters listed in the ‘Details’ section for deployment to succeed.';

// §5.2 of the ARM notes: status, code and message as AKS sends them, and what the operator must make of them.
const SYNC_CASES: [string, number, string | undefined, string, ErrorClass, string | undefined][] = [
  [
    'a write while another operation runs is busy, not broken',
    409,
    'OperationNotAllowed',
    'Operation is not allowed: Another operation (Updating) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details',
    OperationInProgressError,
    undefined,
  ],
  [
    'the newer busy wording is busy too',
    409,
    'OperationNotAllowed',
    "Operation is not allowed because there's an in progress update managed cluster operation (operation ID: 2b1c) on the managed cluster started on UTC 2026-01-01. Please wait for it to finish before starting a new operation.",
    OperationInProgressError,
    undefined,
  ],
  [
    'OperationNotAllowed as a 400 is a broken rule (minor version skip)',
    400,
    'OperationNotAllowed',
    'Upgrading Kubernetes version 1.28.12 to 1.30.2 is not allowed. Available upgrades: [1.29.7 1.29.6]. Please see https://aka.ms/aks-supported-k8s-ver for version details.',
    InvalidSpecError,
    'OperationNotAllowed',
  ],
  [
    'a pool write refused while its cluster is stopped waits for the cluster, it is not a bad spec',
    400,
    'OperationNotAllowed',
    'managed cluster is in Provisioning State(Succeeded) and Power State(Stopped), updating agent pool cannot be performed',
    OperationInProgressError,
    undefined,
  ],
  [
    'an agent pool minor skip',
    400,
    'BadRequest',
    'Upgrade agent pool version from 1.14.8 to 1.16.9 is not allowed, you can only upgrade one minor version at a time.',
    InvalidSpecError,
    'BadRequest',
  ],
  [
    'a pool newer than the control plane',
    400,
    'NodePoolMcVersionIncompatible',
    'Node pool version 1.20.5 and control plane version 1.19.9 are incompatible. Minor version of node pool version 20 is bigger than control plane version 19.',
    InvalidSpecError,
    'NodePoolMcVersionIncompatible',
  ],
  [
    'a version not offered in the region',
    400,
    'AgentPoolK8sVersionNotSupported',
    'Version 1.20.7 is not supported in this region.',
    InvalidSpecError,
    'AgentPoolK8sVersionNotSupported',
  ],
  [
    'a cluster PUT that changes pool versions',
    400,
    'NotAllAgentPoolOrchestratorVersionSpecifiedAndUnchanged',
    "Using managed cluster api, all Agent pools' OrchestratorVersion must be all specified or all unspecified.",
    InvalidSpecError,
    'NotAllAgentPoolOrchestratorVersionSpecifiedAndUnchanged',
  ],
  [
    'a cluster PUT naming a pool deleted since the cluster was read (the operator never adds one so)',
    400,
    'BadRequest',
    'A new agent pool was introduced. Adding agent pools to an existing cluster is not allowed through managed cluster operations.',
    OperationInProgressError,
    undefined,
  ],
  [
    'an ephemeral OS disk larger than the VM cache',
    400,
    'VMCacheSizeTooSmall',
    'The virtual machine size Standard_DS2_v2 has a cache size of 92341796864 bytes, but the OS disk requires 137438953472 bytes.',
    InvalidSpecError,
    'VMCacheSizeTooSmall',
  ],
  [
    'an immutable property changed',
    400,
    'PropertyChangeNotAllowed',
    "Changing property 'vmSize' is not allowed.",
    InvalidSpecError,
    'PropertyChangeNotAllowed',
  ],
  [
    'an invalid parameter',
    400,
    'InvalidParameter',
    'The value of parameter count is invalid.',
    InvalidSpecError,
    'InvalidParameter',
  ],
  ['quota exceeded', 400, 'QuotaExceeded', QUOTA_MESSAGE, QuotaExceededError, 'QuotaExceeded'],
  [
    'quota wrapped in OperationNotAllowed',
    400,
    'OperationNotAllowed',
    QUOTA_MESSAGE,
    QuotaExceededError,
    'QuotaExceeded',
  ],
  ['an eTag mismatch', 412, 'PreConditionFailed', 'The eTag does not match.', ConflictError, undefined],
  [
    'a 409 that is neither busy nor known backs off as blocked, never requeued at once',
    409,
    'Conflict',
    'The operation completed before cancellation.',
    ArmBlockedError,
    'AzureConflict',
  ],
  [
    'a cluster that does not exist',
    404,
    'ResourceNotFound',
    "The Resource 'Microsoft.ContainerService/managedClusters/c1' under resource group 'rg' was not found.",
    ArmNotFoundError,
    'ResourceNotFound',
  ],
  [
    'a missing resource group',
    404,
    'ResourceGroupNotFound',
    "Resource group 'rg' could not be found.",
    ArmNotFoundError,
    'ResourceGroupNotFound',
  ],
  ['a server error', 500, 'InternalServerError', 'Something went wrong.', TransientError, undefined],
  [
    'a gateway timeout',
    504,
    'GatewayTimeout',
    'The gateway did not receive a response.',
    TransientError,
    undefined,
  ],
  ['a request timeout', 408, undefined, 'Unexpected status code: 408', TransientError, undefined],
  [
    'a refused credential',
    403,
    'AuthorizationFailed',
    'The client does not have authorization.',
    AccessDeniedError,
    'AuthorizationFailed',
  ],
  [
    'an expired token',
    401,
    'InvalidAuthenticationToken',
    'The access token expiry has passed.',
    AccessDeniedError,
    'AuthenticationFailed',
  ],
  [
    'a SKU without capacity',
    409,
    'SkuNotAvailable',
    "The requested VM size Standard_D4s_v5 is currently not available in location 'eastus'.",
    CapacityError,
    'SkuNotAvailable',
  ],
  ['an allocation failure', 400, 'AllocationFailed', 'Allocation failed.', CapacityError, 'AllocationFailed'],
];

const ASYNC_CASES: [string, string, string, ErrorClass, string | undefined][] = [
  [
    'a drain blocked by a PodDisruptionBudget is retried, with the AKS code',
    'UpgradeFailed',
    'Drain node aks-np-1 failed when evicting pod web-1 failed with Too Many Requests error. PDB debug info: default/web-1 blocked by pdb web with 0 unready pods.',
    OperationFailedError,
    'UpgradeFailed',
  ],
  [
    'a broken rule found after acceptance',
    'VMCacheSizeTooSmall',
    'The virtual machine size ... cache.',
    InvalidSpecError,
    'VMCacheSizeTooSmall',
  ],
  ['quota found after acceptance', 'QuotaExceeded', QUOTA_MESSAGE, QuotaExceededError, 'QuotaExceeded'],
  [
    'capacity found after acceptance',
    'ZonalAllocationFailed',
    'Allocation failed in zone 2.',
    CapacityError,
    'ZonalAllocationFailed',
  ],
  [
    'an operation preempted by another',
    'NotLatestOperation',
    'Cannot proceed with the operation.',
    OperationFailedError,
    'NotLatestOperation',
  ],
  [
    'a busy refusal reported asynchronously',
    'OperationNotAllowed',
    'Another operation (Updating) is in progress.',
    OperationInProgressError,
    undefined,
  ],
  [
    'a PDB pre-check',
    'UnsatisfiablePDB',
    '1 error occurred: * PDB default/web has maxunavailble == 0',
    InvalidSpecError,
    'UnsatisfiablePDB',
  ],
];

describe('classifyArmError', () => {
  it.each(SYNC_CASES)('%s (%i %s)', (_name, status, code, message, expected, reason) => {
    const classified = classifyArmError(restError(status, code, message), CALL);
    expect(classified).toBeInstanceOf(expected);
    expect((classified as { reason?: string }).reason).toBe(reason);
    expect(classified.message).toBe(
      `cannot update agent pool user1 of cluster c1: ${code ?? `HTTP${status}`}: ${message}`,
    );
    expect(classified.cause).toBeInstanceOf(RestError);
  });

  it.each(ASYNC_CASES)('%s (LRO %s)', (_name, code, message, expected, reason) => {
    const classified = classifyArmError(lroFailure(code, message), CALL);
    expect(classified).toBeInstanceOf(expected);
    expect((classified as { reason?: string }).reason).toBe(reason);
    // The poller's generic wording never reaches the user; the AKS code and message do.
    expect(classified.message).toBe(`cannot update agent pool user1 of cluster c1: ${code}: ${message}`);
  });

  it('keeps the quota figures AKS puts in the message', () => {
    const classified = classifyArmError(restError(400, 'QuotaExceeded', QUOTA_MESSAGE), CALL);
    expect(classified).toBeInstanceOf(QuotaExceededError);
    expect((classified as QuotaExceededError).quota).toEqual({
      name: 'standardBSFamily Cores',
      location: 'eastus2',
      limit: 50,
      usage: 48,
      requested: 4,
      newLimitRequired: 52,
    });
    expect(classified).toBeInstanceOf(InvalidSpecError);
    expect(classified.name).toBe('QuotaExceededError');
  });

  it('reads the regional quota name too, and nothing from a message without figures', () => {
    expect(
      parseQuotaDetails('results in exceeding approved Total Regional Cores quota. Current Limit: 10'),
    ).toEqual({
      name: 'Total Regional Cores',
      limit: 10,
    });
    expect(parseQuotaDetails('Quota exceeded.')).toBeUndefined();
  });

  it('uses the subcode the pipeline saw as the reason (deprecated-API upgrade gate)', () => {
    const observed: ObservedArmError = {
      code: 'ValidationError',
      subcode: 'UpgradeBlockedOnDeprecatedAPIUsage',
      message:
        'Control Plane upgrade is blocked due to recent usage of a Kubernetes API deprecated in the specified version.',
      details: [],
    };
    const classified = classifyArmError(
      restError(400, 'ValidationError', observed.message ?? ''),
      CALL,
      observed,
    );
    expect(classified).toBeInstanceOf(InvalidSpecError);
    expect((classified as InvalidSpecError).reason).toBe('UpgradeBlockedOnDeprecatedAPIUsage');
    expect(classified.message).toContain(
      'ValidationError (UpgradeBlockedOnDeprecatedAPIUsage): Control Plane upgrade',
    );
  });

  it('looks through ARM’s ResourceOperationFailure to the AKS code in the details', () => {
    const observed: ObservedArmError = {
      code: 'ResourceOperationFailure',
      message: "The resource operation completed with terminal provisioning state 'Failed'.",
      details: [{ code: 'ControlPlaneProvisioningInternalError', message: 'internal' }],
    };
    const err = lroFailure('ResourceOperationFailure', observed.message ?? '');
    const classified = classifyArmError(err, CALL, observed);
    expect(classified).toBeInstanceOf(OperationFailedError);
    expect((classified as OperationFailedError).reason).toBe('ControlPlaneProvisioningInternalError');
  });

  it('says so when a failed operation carried no error body', () => {
    const classified = classifyArmError(new Error('The long-running operation has failed'), CALL);
    expect(classified).toBeInstanceOf(OperationFailedError);
    expect(classified.message).toBe(
      'cannot update agent pool user1 of cluster c1: Unknown: the operation failed without an error body',
    );
  });

  it('reads the wait of a 429 from the headers, else from ARM’s message, bounded', () => {
    const withHeader = new RestError('Too many requests', {
      statusCode: 429,
      code: 'SubscriptionRequestsThrottled',
      response: fakeResponse(429, { 'retry-after': '17' }),
    });
    expect((classifyArmError(withHeader, CALL) as ThrottledError).retryAfterMs).toBe(17_000);
    const fromMessage = restError(
      429,
      'SubscriptionRequestsThrottled',
      "Number of requests for subscription 'x' and operation 'GET' exceeded the backend storage limit. Please try again after '6' seconds.",
    );
    expect((classifyArmError(fromMessage, CALL) as ThrottledError).retryAfterMs).toBe(6_000);
    const huge = new RestError('Too many requests', {
      statusCode: 429,
      response: fakeResponse(429, { 'retry-after': '999999999' }),
    });
    expect((classifyArmError(huge, CALL) as ThrottledError).retryAfterMs).toBe(MAX_RETRY_AFTER_MS);
  });

  it('treats a 503 that names a wait as throttling', () => {
    const err = new RestError('busy', {
      statusCode: 503,
      response: fakeResponse(503, { 'retry-after-ms': '2500' }),
    });
    const classified = classifyArmError(err, CALL);
    expect(classified).toBeInstanceOf(ThrottledError);
    expect((classified as ThrottledError).retryAfterMs).toBe(2_500);
  });

  it('treats a request that got no answer as transient', () => {
    const err = new RestError('connect ECONNREFUSED 127.0.0.1:8443', { code: 'ECONNREFUSED' });
    const classified = classifyArmError(err, CALL);
    expect(classified).toBeInstanceOf(TransientError);
    expect(classified.message).toBe(
      'cannot update agent pool user1 of cluster c1: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:8443',
    );
  });

  it('treats a credential that yields no token as access denied', () => {
    const err = new Error('WorkloadIdentityCredential: is unavailable. clientId is a required parameter.');
    err.name = 'CredentialUnavailableError';
    const classified = classifyArmError(err, CALL);
    expect(classified).toBeInstanceOf(AccessDeniedError);
    expect((classified as AccessDeniedError).reason).toBe('AuthenticationFailed');
    expect((classified as AccessDeniedError).code).toBe('CredentialUnavailableError');
  });

  it.each([
    ['a subject no federated credential trusts', 700213, 'FederatedIdentityRefused'],
    ['an issuer no federated credential trusts', 700211, 'FederatedIdentityRefused'],
    ['an audience no federated credential expects', 700212, 'FederatedIdentityRefused'],
    ['a client unknown in the tenant', 700016, 'AuthenticationFailed'],
  ])("names Entra's refusal of %s by its AADSTS code", (_what, code, reason) => {
    const err = new Error(
      `invalid_request: Error(s): ${code} - Description: AADSTS${code}: No matching federated identity record found.`,
    );
    err.name = 'AuthenticationRequiredError';
    const classified = classifyArmError(err, CALL);
    expect(classified).toBeInstanceOf(AccessDeniedError);
    expect((classified as AccessDeniedError).reason).toBe(reason);
    expect((classified as AccessDeniedError).code).toBe(`AADSTS${code}`);
  });

  it("surfaces what a credential's own token source threw, when that was already classified", () => {
    const missing = new BlockedError('cannot mint a token of ServiceAccount a/x: it does not exist', {
      reason: 'ServiceAccountTokenUnavailable',
    });
    const err = new Error('cannot mint', { cause: missing });
    err.name = 'AuthenticationRequiredError';
    expect(classifyArmError(err, CALL)).toBe(missing);
  });

  it('passes aborts and already classified errors through unchanged', () => {
    const abort = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    expect(classifyArmError(abort, CALL)).toBe(abort);
    const ours = new OperationInProgressError('busy');
    expect(classifyArmError(ours, CALL)).toBe(ours);
  });

  it('wraps anything else with the call in the message and the original as cause', () => {
    const bug = new TypeError("Cannot read properties of null (reading 'map')");
    const classified = classifyArmError(bug, CALL);
    expect(classified.message).toBe(
      "cannot update agent pool user1 of cluster c1: Cannot read properties of null (reading 'map')",
    );
    expect(classified.cause).toBe(bug);
  });
});

function fakeResponse(
  status: number,
  headers: Record<string, string>,
): NonNullable<ConstructorParameters<typeof RestError>[1]>['response'] {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    status,
    headers: {
      get: (name: string) => lower[name.toLowerCase()],
      has: (name: string) => name.toLowerCase() in lower,
      set: () => undefined,
      delete: () => undefined,
      toJSON: () => lower,
      [Symbol.iterator]: () => Object.entries(lower)[Symbol.iterator](),
    },
    request: undefined as never,
  };
}
