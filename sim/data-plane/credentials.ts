// Kubeconfigs as AKS hands them out (listClusterAdminCredential / listClusterUserCredential): self-contained
// YAML with the certificates inline, named after the AKS cluster, reaching the simulated cluster's API.
// For a cluster with AKS-managed Entra ID the user kubeconfig carries no certificate but kubelogin's exec
// plugin, which gets an Entra token for the AKS server application.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve, dirname } from 'node:path';
import { parse, stringify } from 'yaml';
import type { ClusterCredentials, ClusterShape } from '../data-plane.js';
import { AKS_SERVER_APP_ID } from '../entra.js';
import { resourceGroupOf } from './cluster-identity.js';

interface KubeconfigCluster {
  server: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
}
interface KubeconfigUser {
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  token?: string;
}
interface Kubeconfig {
  clusters?: { name: string; cluster: KubeconfigCluster }[];
  users?: { name: string; user: KubeconfigUser }[];
}

/** What a kubeconfig needs to reach a cluster, with file references already read in. */
export interface ClusterAccess {
  server: string;
  certificateAuthorityData: string;
  clientCertificateData: string;
  clientKeyData: string;
}

/** Reads a kubeconfig's first cluster and user, inlining the files it refers to (base64, as kubeconfigs do). */
export async function readClusterAccess(kubeconfigPath: string): Promise<ClusterAccess> {
  const config = parse(await readFile(kubeconfigPath, 'utf8')) as Kubeconfig;
  const cluster = config.clusters?.[0]?.cluster;
  const user = config.users?.[0]?.user;
  if (!cluster || !user) throw new Error(`kubeconfig ${kubeconfigPath} has no cluster or user`);
  const base = dirname(kubeconfigPath);
  const inline = async (data: string | undefined, file: string | undefined, what: string) => {
    if (data) return data;
    if (!file) throw new Error(`kubeconfig ${kubeconfigPath} has no ${what}`);
    return (await readFile(isAbsolute(file) ? file : resolve(base, file))).toString('base64');
  };
  return {
    server: cluster.server,
    certificateAuthorityData: await inline(
      cluster['certificate-authority-data'],
      cluster['certificate-authority'],
      'certificate authority',
    ),
    clientCertificateData: await inline(
      user['client-certificate-data'],
      user['client-certificate'],
      'client certificate',
    ),
    clientKeyData: await inline(user['client-key-data'], user['client-key'], 'client key'),
  };
}

/** kubelogin's exec user as AKS writes it into an Entra ID cluster's user kubeconfig (device code login). */
function kubeloginUser(tenantId: string): object {
  return {
    exec: {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'kubelogin',
      args: [
        'get-token',
        '--environment',
        'AzurePublicCloud',
        '--server-id',
        AKS_SERVER_APP_ID,
        '--client-id',
        // The Azure CLI's public client, which AKS names for interactive logins.
        '80faf920-1908-4b52-b5ef-a8e7bedfc67a',
        '--tenant-id',
        tenantId,
        '--login',
        'devicecode',
      ],
      env: null,
      installHint:
        '\nkubelogin is not installed which is required to connect to AAD enabled cluster.\n\nTo learn more, please go to https://aka.ms/aks/kubelogin\n',
      interactiveMode: 'IfAvailable',
      provideClusterInfo: false,
    },
  };
}

function certificateUser(access: ClusterAccess): object {
  return {
    'client-certificate-data': access.clientCertificateData,
    'client-key-data': access.clientKeyData,
  };
}

function kubeconfigYaml(options: {
  clusterName: string;
  contextName: string;
  userName: string;
  access: ClusterAccess;
  user: object;
}) {
  const { clusterName, contextName, userName, access, user } = options;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: clusterName,
        cluster: { 'certificate-authority-data': access.certificateAuthorityData, server: access.server },
      },
    ],
    contexts: [{ name: contextName, context: { cluster: clusterName, user: userName } }],
    'current-context': contextName,
    preferences: {},
    users: [{ name: userName, user }],
  });
}

/** The access a kubeconfig handed out carries: a private cluster's names its private FQDN, as AKS's do. */
export function handedOutAccess(cluster: ClusterShape, access: ClusterAccess): ClusterAccess {
  return cluster.privateFqdn ? { ...access, server: `https://${cluster.privateFqdn}:443` } : access;
}

/**
 * Admin and user kubeconfigs named as AKS names them (context `<name>-admin` / `<name>`, users
 * `clusterAdmin_<rg>_<name>` / `clusterUser_<rg>_<name>`). Without Entra ID integration both carry the
 * admin client certificate; with it the user one logs in through kubelogin to the cluster's tenant.
 */
export function clusterCredentials(
  cluster: ClusterShape,
  access: ClusterAccess,
  defaultTenantId = '',
): ClusterCredentials {
  const rg = resourceGroupOf(cluster.id);
  return {
    adminKubeconfig: kubeconfigYaml({
      clusterName: cluster.name,
      contextName: `${cluster.name}-admin`,
      userName: `clusterAdmin_${rg}_${cluster.name}`,
      access,
      user: certificateUser(access),
    }),
    userKubeconfig: kubeconfigYaml({
      clusterName: cluster.name,
      contextName: cluster.name,
      userName: `clusterUser_${rg}_${cluster.name}`,
      access,
      user: cluster.aad ? kubeloginUser(cluster.aad.tenantId ?? defaultTenantId) : certificateUser(access),
    }),
  };
}
