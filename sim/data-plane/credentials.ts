// Kubeconfigs as AKS hands them out (listClusterAdminCredential / listClusterUserCredential): self-contained
// YAML with the certificates inline, named after the AKS cluster, reaching the simulated cluster's API.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve, dirname } from 'node:path';
import { parse, stringify } from 'yaml';
import type { ClusterCredentials, ClusterShape } from '../data-plane.js';
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

function kubeconfigYaml(options: {
  clusterName: string;
  contextName: string;
  userName: string;
  access: ClusterAccess;
}) {
  const { clusterName, contextName, userName, access } = options;
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
    users: [
      {
        name: userName,
        user: {
          'client-certificate-data': access.clientCertificateData,
          'client-key-data': access.clientKeyData,
        },
      },
    ],
  });
}

/**
 * Admin and user kubeconfigs named as AKS names them (context `<name>-admin` / `<name>`, users
 * `clusterAdmin_<rg>_<name>` / `clusterUser_<rg>_<name>`). Both carry the admin client certificate:
 * the simulated cluster has no Entra ID integration to tell them apart.
 */
export function clusterCredentials(cluster: ClusterShape, access: ClusterAccess): ClusterCredentials {
  const rg = resourceGroupOf(cluster.id);
  return {
    adminKubeconfig: kubeconfigYaml({
      clusterName: cluster.name,
      contextName: `${cluster.name}-admin`,
      userName: `clusterAdmin_${rg}_${cluster.name}`,
      access,
    }),
    userKubeconfig: kubeconfigYaml({
      clusterName: cluster.name,
      contextName: cluster.name,
      userName: `clusterUser_${rg}_${cluster.name}`,
      access,
    }),
  };
}
