// Azure RBAC for Kubernetes authorization, as an AKS cluster with `aadProfile.enableAzureRBAC` applies it:
// the built-in "Azure Kubernetes Service RBAC …" roles assigned to a principal at a scope at or above the
// cluster (or at `<cluster>/namespaces/<ns>`) decide a SubjectAccessReview. No matching role is no
// opinion, so the cluster's own Kubernetes RBAC is still asked, as in AKS.

/** An Azure role assignment: `principalId` (object ID) holds `roleDefinitionName` at `scope`. */
export interface RoleAssignment {
  principalId: string;
  roleDefinitionName: string;
  /** An ARM ID: subscription, resource group, cluster, or `<cluster ID>/namespaces/<name>`. */
  scope: string;
}

/** `spec` of an authorization.k8s.io/v1 SubjectAccessReview. */
export interface SubjectAccessReviewSpec {
  user?: string;
  uid?: string;
  groups?: string[];
  resourceAttributes?: {
    namespace?: string;
    verb?: string;
    group?: string;
    resource?: string;
    subresource?: string;
    name?: string;
  };
  nonResourceAttributes?: { path?: string; verb?: string };
}

/** `status` of the review: allowed, or no opinion (`allowed: false` without `denied`). */
export interface KubernetesDecision {
  allowed: boolean;
  reason?: string;
}

export const AksRbacRole = {
  ClusterAdmin: 'Azure Kubernetes Service RBAC Cluster Admin',
  Admin: 'Azure Kubernetes Service RBAC Admin',
  Writer: 'Azure Kubernetes Service RBAC Writer',
  Reader: 'Azure Kubernetes Service RBAC Reader',
} as const;

const READ_VERBS = ['get', 'list', 'watch'];

type Request = NonNullable<SubjectAccessReviewSpec['resourceAttributes']>;

/** What each role allows, for a request in a namespace or at cluster level (no namespace). */
const ROLE_RULES: Record<string, (r: Request) => boolean> = {
  [AksRbacRole.ClusterAdmin]: () => true,
  [AksRbacRole.Admin]: (r) => Boolean(r.namespace),
  [AksRbacRole.Writer]: (r) =>
    Boolean(r.namespace) && r.group !== 'rbac.authorization.k8s.io' && r.resource !== 'resourcequotas',
  [AksRbacRole.Reader]: (r) =>
    Boolean(r.namespace) &&
    READ_VERBS.includes(r.verb ?? '') &&
    r.resource !== 'secrets' &&
    r.group !== 'rbac.authorization.k8s.io',
};

/** Whether an assignment's scope covers the cluster, and the namespace it is limited to (if any). */
function coverage(scope: string, clusterId: string): { covers: boolean; namespace?: string } {
  const s = scope.toLowerCase().replace(/\/+$/, '');
  const cluster = clusterId.toLowerCase();
  if (cluster === s || cluster.startsWith(`${s}/`)) return { covers: true };
  const ns = new RegExp(`^${escapeRegExp(cluster)}/namespaces/([^/]+)$`).exec(s);
  return ns ? { covers: true, namespace: ns[1] } : { covers: false };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The webhook's answer for the cluster `clusterId`, from the role assignments in force. */
export function kubernetesDecision(
  assignments: readonly RoleAssignment[],
  clusterId: string,
  review: SubjectAccessReviewSpec,
): KubernetesDecision {
  const who = new Set([review.user, review.uid, ...(review.groups ?? [])].filter(Boolean));
  // Non-resource URLs (/healthz, /metrics) are Cluster Admin's only.
  const request: Request = review.resourceAttributes ?? { verb: review.nonResourceAttributes?.verb };
  const isNonResource = !review.resourceAttributes;
  for (const a of assignments) {
    if (!who.has(a.principalId)) continue;
    const { covers, namespace } = coverage(a.scope, clusterId);
    if (!covers) continue;
    if (namespace !== undefined && request.namespace?.toLowerCase() !== namespace) continue;
    if (isNonResource && a.roleDefinitionName !== AksRbacRole.ClusterAdmin) continue;
    const rule = ROLE_RULES[a.roleDefinitionName];
    if (rule?.(request)) return { allowed: true, reason: `${a.roleDefinitionName} at ${a.scope}` };
  }
  return { allowed: false, reason: 'no Azure role assignment allows this' };
}
