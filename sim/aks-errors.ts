// The AKS and ARM error catalogue: exact codes and message templates as real AKS sends them
// (see the AKS ARM notes, §5.2). Every rule the simulator enforces throws one of these.
import { ArmError, ErrorShape } from './errors.js';

const flat = ErrorShape.Flat;
const PENDING_OP_LINK = 'See https://aka.ms/aks-pending-operation for more details';
const SKEW_LINK = 'For more information, please check https://aka.ms/version-skew-policy';

export const aksErrors = {
  /**
   * 409: another operation holds the cluster (`label` like `Updating` or `nodepool1 - Updating`);
   * `byAgentPool` when a pool operation blocks a pool request.
   */
  operationInProgress(label: string, options: { byAgentPool?: boolean } = {}): ArmError {
    const what = options.byAgentPool ? 'Another agentpool operation' : 'Another operation';
    return new ArmError(
      409,
      'OperationNotAllowed',
      `Operation is not allowed: ${what} (${label}) is in progress, please wait for it to finish before starting a new operation. ${PENDING_OP_LINK}`,
      { shape: flat },
    );
  },

  /** 400: a control-plane upgrade that is not offered (skips a minor, downgrades, unknown patch). */
  upgradeNotAllowed(from: string, to: string, available: string[]): ArmError {
    return new ArmError(
      400,
      'OperationNotAllowed',
      `Upgrading Kubernetes version ${from} to ${to} is not allowed. Available upgrades: [${available.join(' ')}]. Please see https://aka.ms/aks-supported-k8s-ver for version details.`,
      { shape: flat },
    );
  },

  /** 400: agent pool downgrade. */
  poolDowngradeNotAllowed(pool: string, from: string, to: string): ArmError {
    return new ArmError(
      400,
      'OperationNotAllowed',
      `Downgrading agent pool ${pool} from version ${from} to ${to} is not allowed. ${SKEW_LINK}`,
      { shape: flat },
    );
  },

  poolNewerThanControlPlane(
    poolVersion: string,
    cpVersion: string,
    part: 'Minor' | 'Patch',
    poolPart: number,
    cpPart: number,
  ): ArmError {
    return new ArmError(
      400,
      'NodePoolMcVersionIncompatible',
      `Node pool version ${poolVersion} and control plane version ${cpVersion} are incompatible. ${part} version of node pool version ${poolPart} is bigger than control plane version ${cpPart}. ${SKEW_LINK}`,
      { shape: flat },
    );
  },

  poolTooOld(poolVersion: string, cpVersion: string, maxSkew: number): ArmError {
    return new ArmError(
      400,
      'NodePoolMcVersionIncompatible',
      `Node pool version ${poolVersion} and control plane version ${cpVersion} is incompatible. Minor version of node pool cannot be more than ${maxSkew} versions less than control plane's version. ${SKEW_LINK}`,
      { shape: flat },
    );
  },

  poolVersionNotSupported(version: string): ArmError {
    return new ArmError(
      400,
      'AgentPoolK8sVersionNotSupported',
      `Version ${version} is not supported in this region. Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list`,
      { shape: flat },
    );
  },

  clusterVersionNotSupported(version: string): ArmError {
    return new ArmError(
      400,
      'K8sVersionNotSupported',
      `Version ${version} is not supported in this region. Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list`,
      { shape: flat },
    );
  },

  notAllPoolVersionsSpecifiedAndUnchanged(): ArmError {
    return new ArmError(
      400,
      'NotAllAgentPoolOrchestratorVersionSpecifiedAndUnchanged',
      `Using managed cluster api, all Agent pools' OrchestratorVersion must be all specified or all unspecified. If all specified, they must be stay unchanged or the same with control plane. For agent pool specific change, please use per agent pool operations: https://aka.ms/agent-pool-rest-api`,
      { shape: flat, target: 'agentPoolProfiles' },
    );
  },

  newPoolThroughClusterPut(): ArmError {
    return new ArmError(
      400,
      'BadRequest',
      `A new agent pool was introduced. Adding agent pools to an existing cluster is not allowed through managed cluster operations. For agent pool specific change, please use per agent pool operations: https://aka.ms/agent-pool-rest-api`,
      { shape: flat, target: 'agentPoolProfiles' },
    );
  },

  noSystemPool(): ArmError {
    return new ArmError(400, 'BadRequest', 'Must define at least one system pool.', { shape: flat });
  },

  vmCacheTooSmall(vmSize: string, cacheBytes: number, diskBytes: number): ArmError {
    return new ArmError(
      400,
      'VMCacheSizeTooSmall',
      `The virtual machine size ${vmSize} has a cache size of ${cacheBytes} bytes, but the OS disk requires ${diskBytes} bytes. Use a VM size with larger cache or disable ephemeral OS.`,
      { shape: flat },
    );
  },

  quotaExceeded(input: {
    clusterName: string;
    nodeResourceGroup: string;
    quotaName: string;
    location: string;
    limit: number;
    usage: number;
    required: number;
  }): ArmError {
    const { clusterName, nodeResourceGroup, quotaName, location, limit, usage, required } = input;
    return new ArmError(
      400,
      'QuotaExceeded',
      `Preflight validation check for resource(s) for container service ${clusterName} in resource group ${nodeResourceGroup} failed. ` +
        `Message: Operation could not be completed as it results in exceeding approved ${quotaName} quota. ` +
        `Additional details - Deployment Model: Resource Manager, Location: ${location}, Current Limit: ${limit}, Current Usage: ${usage}, ` +
        `Additional Required: ${required}, (Minimum) New Limit Required: ${usage + required}. ` +
        `Submit a request for Quota increase at https://aka.ms/ProdportalCRP/#blade/Microsoft_Azure_Capacity/UsageAndQuota.ReactView by specifying parameters listed in the ‘Details’ section for deployment to succeed. ` +
        `Please read more about quota limits at https://docs.microsoft.com/en-us/azure/azure-supportability/regional-quota-requests`,
      { shape: flat },
    );
  },

  propertyChangeNotAllowed(property: string): ArmError {
    return new ArmError(400, 'PropertyChangeNotAllowed', `Changing property '${property}' is not allowed.`, {
      shape: flat,
      target: property,
    });
  },

  locationChange(resourceName: string, existing: string, requested: string, resourceGroup: string): ArmError {
    return new ArmError(
      400,
      'InvalidResourceLocation',
      `The resource '${resourceName}' already exists in location '${existing}' in resource group '${resourceGroup}'. A resource with the same name cannot be created in location '${requested}'. Please select a new resource name.`,
    );
  },

  invalidParameter(parameter: string, message?: string): ArmError {
    return new ArmError(
      400,
      'InvalidParameter',
      message ??
        `The value of parameter ${parameter} is invalid. Please see https://aka.ms/aks-naming-rules for more details.`,
      { shape: flat, target: parameter },
    );
  },

  clusterStopped(action: string): ArmError {
    return new ArmError(
      400,
      'OperationNotAllowed',
      `managed cluster is in Provisioning State(Succeeded) and Power State(Stopped), ${action} cannot be performed`,
      { shape: flat },
    );
  },

  poolStopRequiresRunning(pool: string, state: string, power: string): ArmError {
    return new ArmError(
      400,
      'OperationNotAllowed',
      `Agent pool ${pool} is in Provisioning State(${state}) and Power State(${power}), the requested power state change cannot be performed`,
      { shape: flat },
    );
  },

  systemPoolStop(pool: string): ArmError {
    return new ArmError(
      400,
      'OperationNotAllowed',
      `Agent pool ${pool} is a System mode pool and cannot be stopped. Only User mode pools can be stopped.`,
      { shape: flat },
    );
  },

  nothingToAbort(resource: string): ArmError {
    return new ArmError(
      409,
      'OperationNotAllowed',
      `There is no running operation on ${resource} that can be aborted.`,
      {
        shape: flat,
      },
    );
  },

  ltsNeedsPremium(): ArmError {
    return new ArmError(
      400,
      'BadRequest',
      'AKSLongTermSupport support plan can only be enabled with the Premium tier. Please set sku.tier to Premium.',
      { shape: flat },
    );
  },

  clusterNotFound(name: string, resourceGroup: string): ArmError {
    return new ArmError(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.ContainerService/managedClusters/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  },

  snapshotNotFound(name: string, resourceGroup: string): ArmError {
    return new ArmError(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.ContainerService/snapshots/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  },

  poolNotFound(pool: string, cluster: string): ArmError {
    return new ArmError(404, 'NotFound', `Could not find agent pool ${pool} in managed cluster ${cluster}.`, {
      shape: flat,
    });
  },

  operationNotFound(id: string): ArmError {
    return new ArmError(404, 'NotFound', `Operation ${id} was not found.`);
  },

  preconditionFailed(message: string): ArmError {
    return new ArmError(412, 'PreConditionFailed', message);
  },

  badRequest(message: string): ArmError {
    return new ArmError(400, 'BadRequest', message);
  },

  /** 400: listClusterAdminCredential on a cluster with `disableLocalAccounts: true`. */
  staticCredentialNotAllowed(): ArmError {
    return new ArmError(
      400,
      'BadRequest',
      'Getting static credential is not allowed because this cluster is set to disable local accounts.',
    );
  },

  invalidRequestContent(message: string): ArmError {
    return new ArmError(
      400,
      'InvalidRequestContent',
      `The request content was invalid and could not be deserialized: '${message}'.`,
    );
  },

  missingApiVersion(): ArmError {
    return new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  },

  authenticationMissing(): ArmError {
    return new ArmError(
      401,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing.",
    );
  },

  authenticationInvalid(): ArmError {
    return new ArmError(
      401,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
    );
  },

  /** 401: a bearer token Entra ID did not issue, or one that expired. */
  invalidAuthenticationToken(): ArmError {
    return new ArmError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
  },

  /** 403: the principal holds no role that allows `action` on `scope`. */
  authorizationFailed(objectId: string, action: string, scope: string): ArmError {
    return new ArmError(
      403,
      'AuthorizationFailed',
      `The client '${objectId}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  },

  throttled(subscriptionId: string, operation: string, retryAfterSeconds: number): ArmError {
    return new ArmError(
      429,
      'SubscriptionRequestsThrottled',
      `Number of requests for subscription '${subscriptionId}' and operation '${operation}' exceeded the backend storage limit. Please try again after '${retryAfterSeconds}' seconds.`,
      { headers: { 'retry-after': String(retryAfterSeconds) } },
    );
  },

  pathNotFound(path: string): ArmError {
    return new ArmError(
      404,
      'InvalidResourceType',
      `The resource type could not be found for the request path '${path}'.`,
    );
  },

  methodNotAllowed(method: string): ArmError {
    return new ArmError(
      405,
      'MethodNotAllowed',
      `The requested method '${method}' is not allowed for this resource.`,
    );
  },

  internalServerError(): ArmError {
    return new ArmError(
      500,
      'InternalServerError',
      'An unexpected error occurred while processing the request. Please retry the request.',
    );
  },

  serviceUnavailable(): ArmError {
    return new ArmError(
      503,
      'ServiceUnavailable',
      'The service is temporarily unavailable. Please retry the request.',
      {
        headers: { 'retry-after': '1' },
      },
    );
  },
};

/** Async failure codes (operation status `error`). */
export const operationErrors = {
  notLatestOperation: {
    code: 'NotLatestOperation',
    message:
      "Cannot proceed with the operation. Either the operation has been preempted by another one, or the information needed by the operation failed to be saved (or hasn't been saved yet).",
  },
  canceled(resource: string) {
    return {
      code: 'OperationCanceled',
      message: `The operation on ${resource} was canceled by an abort request.`,
    };
  },
  zonalAllocationFailed: {
    code: 'ZonalAllocationFailed',
    message:
      'Allocation failed. We do not have sufficient capacity for the requested VM size in this zone. Read more about improving likelihood of allocation success at http://aka.ms/allocation-guidance',
  },
  allocationFailed: {
    code: 'AllocationFailed',
    message:
      'Allocation failed. We do not have sufficient capacity for the requested VM size in this region. Read more about improving likelihood of allocation success at http://aka.ms/allocation-guidance',
  },
};
