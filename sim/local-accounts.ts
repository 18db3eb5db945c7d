// Local accounts (the cluster's static admin certificate) as AKS guards them: a cluster with
// `disableLocalAccounts` hands out no admin kubeconfig.
import { aksErrors } from './aks-errors.js';
import type { ClusterRecord } from './resource-store.js';

/** Throws AKS's 400 when the admin credential of a cluster with local accounts disabled is asked for. */
export function assertStaticCredentialAllowed(cluster: ClusterRecord): void {
  if (cluster.spec.disableLocalAccounts === true) throw aksErrors.staticCredentialNotAllowed();
}
