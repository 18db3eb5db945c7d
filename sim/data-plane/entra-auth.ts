// How the API server of a cluster with AKS-managed Entra ID integration authenticates and authorizes:
// a JWT authenticator trusting Entra's issuer of the cluster's tenant for the AKS server application
// (user = the token's `oid`, as AKS names principals), Kubernetes RBAC, and for clusters with Azure RBAC
// an authorization webhook answered by the simulator from its role assignments.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ApiServerAuth } from '../../controlplane/index.js';
import type { ClusterAad, EntraAuthority } from '../data-plane.js';
import { AKS_SERVER_APP_ID, tenantIssuer } from '../entra.js';
import { kubernetesAuthorizationUrl } from '../entra-routes.js';
import { ignoreAlreadyExists, requestOptions, type ClusterClient } from './kube-client.js';

/** The files written for one cluster; `remove` deletes them once the cluster is gone. */
export interface ApiServerAuthFiles {
  auth: ApiServerAuth;
  remove(): Promise<void>;
}

/** An AuthenticationConfiguration: one JWT authenticator per trusted tenant. */
function authenticationConfig(tenants: readonly string[], authority: EntraAuthority): string {
  return stringify({
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'AuthenticationConfiguration',
    jwt: tenants.map((tenant) => ({
      issuer: {
        url: tenantIssuer(authority.baseUrl, tenant),
        audiences: [AKS_SERVER_APP_ID],
        certificateAuthority: authority.caPem,
      },
      claimMappings: {
        username: { claim: 'oid', prefix: '' },
        groups: { claim: 'groups', prefix: '' },
        uid: { claim: 'oid' },
      },
    })),
  });
}

/**
 * An AuthorizationConfiguration: Kubernetes RBAC, then (Azure RBAC) the webhook. The webhook's answers
 * are cached for a second only, so a removed role assignment shows at once; system users never reach it.
 */
function authorizationConfig(options: { webhookKubeconfigPath?: string }): string {
  const authorizers: object[] = [{ type: 'RBAC', name: 'rbac' }];
  if (options.webhookKubeconfigPath) {
    authorizers.push({
      type: 'Webhook',
      name: 'azure-rbac',
      webhook: {
        timeout: '5s',
        subjectAccessReviewVersion: 'v1',
        matchConditionSubjectAccessReviewVersion: 'v1',
        failurePolicy: 'NoOpinion',
        authorizedTTL: '1s',
        unauthorizedTTL: '1s',
        connectionInfo: { type: 'KubeConfigFile', kubeConfigFile: options.webhookKubeconfigPath },
        matchConditions: [{ expression: "!request.user.startsWith('system:')" }],
      },
    });
  }
  return stringify({
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'AuthorizationConfiguration',
    authorizers,
  });
}

/** The kubeconfig through which the API server reaches the authorization webhook of `clusterId`. */
function webhookKubeconfig(clusterId: string, authority: EntraAuthority): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'azure-rbac',
        cluster: {
          server: kubernetesAuthorizationUrl(authority.baseUrl, clusterId),
          'certificate-authority-data': Buffer.from(authority.caPem).toString('base64'),
        },
      },
    ],
    users: [{ name: 'api-server', user: {} }],
    contexts: [{ name: 'azure-rbac', context: { cluster: 'azure-rbac', user: 'api-server' } }],
    'current-context': 'azure-rbac',
  });
}

/** AKS binds the Entra groups of `aadProfile.adminGroupObjectIDs` to cluster-admin under this name. */
const ADMIN_GROUP_BINDING = 'aks-cluster-admin-binding-aad';

/** Creates AKS's ClusterRoleBinding of the admin groups (nothing without groups; an existing one is kept). */
export async function ensureAdminGroupBinding(
  client: ClusterClient,
  aad: ClusterAad,
  signal: AbortSignal,
): Promise<void> {
  if (aad.adminGroupObjectIds.length === 0) return;
  await ignoreAlreadyExists(
    client.rbac.createClusterRoleBinding(
      {
        body: {
          metadata: { name: ADMIN_GROUP_BINDING, labels: { 'kubernetes.azure.com/managedby': 'aks' } },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
          subjects: aad.adminGroupObjectIds.map((id) => ({
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'Group',
            name: id,
          })),
        },
      },
      requestOptions(signal),
    ),
  );
}

/** Writes a cluster's authentication and authorization files into a directory of its own. */
export async function writeApiServerAuth(options: {
  clusterId: string;
  aad: ClusterAad;
  authority: EntraAuthority;
}): Promise<ApiServerAuthFiles> {
  const { clusterId, aad, authority } = options;
  const dir = await mkdtemp(join(tmpdir(), 'aks-sim-auth-'));
  const tenants = aad.tenantId ? [aad.tenantId] : authority.knownTenants();
  const paths = {
    authenticationConfigPath: join(dir, 'authentication.yaml'),
    authorizationConfigPath: join(dir, 'authorization.yaml'),
    webhookKubeconfigPath: join(dir, 'azure-rbac-webhook.kubeconfig'),
  };
  await writeFile(paths.authenticationConfigPath, authenticationConfig(tenants, authority));
  if (aad.isAzureRbac) await writeFile(paths.webhookKubeconfigPath, webhookKubeconfig(clusterId, authority));
  await writeFile(
    paths.authorizationConfigPath,
    authorizationConfig(aad.isAzureRbac ? { webhookKubeconfigPath: paths.webhookKubeconfigPath } : {}),
  );
  return {
    auth: {
      authenticationConfigPath: paths.authenticationConfigPath,
      authorizationConfigPath: paths.authorizationConfigPath,
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
