// Reads a workload cluster (never writes) to collect what the pure checks need: the API versions its
// objects were declared with (last-applied-configuration and managedFields, like kube-no-trouble),
// the API server's deprecated-API request metric, PDBs with their pods, and workloads' readiness.

import {
  AppsV1Api,
  CoreV1Api,
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  PolicyV1Api,
  RequestContext,
} from '@kubernetes/client-node';
import type {
  KubeConfig,
  V1APIGroupList,
  V1APIResourceList,
  V1Pod,
  V1PodDisruptionBudget,
} from '@kubernetes/client-node';
import { kubeRequest, withSignal } from '../runtime/index.js';
import type { RemovedApi } from './deprecated-api-table.js';
import { removalsFor } from './removed-apis.js';
import type { ObservedObject } from './removed-apis.js';
import type { WorkloadInput } from './workload-health.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
const PAGE_SIZE = 500;

export interface ServedResource {
  groupVersion: string;
  kind: string;
  /** Plural resource name used in paths. */
  name: string;
  isNamespaced: boolean;
  /** Create-only kinds (TokenReview, SubjectAccessReview) cannot be listed. */
  isListable: boolean;
}

export interface GatherOptions {
  /** Only these namespaces (cluster-scoped kinds are read regardless). Default: all. */
  namespaces?: string[];
}

interface ListedObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    annotations?: Record<string, string>;
    managedFields?: { apiVersion?: string; manager?: string }[];
  };
}

/** Every served group/version and its resources (no subresources), from API discovery. */
export async function discoverServedApis(kc: KubeConfig, signal?: AbortSignal): Promise<ServedResource[]> {
  const groupVersions = ['v1'];
  const groups = await kubeRequest<V1APIGroupList>(kc, { path: '/apis', signal });
  for (const g of groups.groups) for (const v of g.versions) groupVersions.push(v.groupVersion);
  const served: ServedResource[] = [];
  for (const gv of groupVersions) {
    const path = gv === 'v1' ? '/api/v1' : `/apis/${gv}`;
    const list = await kubeRequest<V1APIResourceList>(kc, { path, signal });
    for (const r of list.resources) {
      if (r.name.includes('/')) continue;
      served.push({
        groupVersion: gv,
        kind: r.kind,
        name: r.name,
        isNamespaced: r.namespaced,
        isListable: r.verbs.includes('list'),
      });
    }
  }
  return served;
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[0] as string) : '';
}

/** Where to list a removed row's kind today: its replacement if served, else any served version of its group. */
export function listingFor(row: RemovedApi, served: ServedResource[]): ServedResource | undefined {
  const candidates = served.filter((s) => s.kind === row.kind && s.isListable);
  return (
    candidates.find((s) => s.groupVersion === row.replacement) ??
    candidates.find((s) => s.groupVersion === row.apiVersion) ??
    candidates.find((s) => groupOf(s.groupVersion) === row.group)
  );
}

function declaredVersions(o: ListedObject, kind: string): ObservedObject[] {
  const base = {
    kind,
    name: o.metadata?.name ?? '',
    ...(o.metadata?.namespace ? { namespace: o.metadata.namespace } : {}),
  };
  const seen: ObservedObject[] = [];
  const lastApplied = o.metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
  if (lastApplied) {
    try {
      const parsed = JSON.parse(lastApplied) as { apiVersion?: unknown };
      if (typeof parsed.apiVersion === 'string')
        seen.push({ ...base, apiVersion: parsed.apiVersion, source: LAST_APPLIED_ANNOTATION });
    } catch {
      // A hand-edited annotation that is not JSON says nothing about the version; ignore it.
    }
  }
  for (const mf of o.metadata?.managedFields ?? []) {
    if (mf.apiVersion)
      seen.push({
        ...base,
        apiVersion: mf.apiVersion,
        source: `managedFields (${mf.manager ?? 'unknown manager'})`,
      });
  }
  return seen;
}

async function listAll(
  kc: KubeConfig,
  path: string,
  signal: AbortSignal | undefined,
): Promise<ListedObject[]> {
  const items: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await kubeRequest<{ items?: ListedObject[]; metadata?: { continue?: string } }>(kc, {
      path,
      query: { limit: PAGE_SIZE, continue: token },
      signal,
    });
    items.push(...(page.items ?? []));
    token = page.metadata?.continue || undefined;
  } while (token);
  return items;
}

function pathsFor(resource: ServedResource, options: GatherOptions): string[] {
  const root = resource.groupVersion === 'v1' ? '/api/v1' : `/apis/${resource.groupVersion}`;
  if (!resource.isNamespaced || !options.namespaces) return [`${root}/${resource.name}`];
  return options.namespaces.map((ns) => `${root}/namespaces/${ns}/${resource.name}`);
}

/**
 * P2 inputs: for each kind the target release removes a version of, the objects of that kind and every
 * apiVersion they were declared or written with. Kinds the cluster does not serve at all are skipped.
 */
export async function gatherDeclaredApiVersions(
  kc: KubeConfig,
  scope: { table: RemovedApi[]; target: string; served?: ServedResource[] },
  options: GatherOptions = {},
  signal?: AbortSignal,
): Promise<ObservedObject[]> {
  const served = scope.served ?? (await discoverServedApis(kc, signal));
  const rows = removalsFor(scope.table, scope.target).filter((r) => r.isServedByApiServer && !r.isListKind);
  const listings = new Map<string, ServedResource>();
  for (const row of rows) {
    const where = listingFor(row, served);
    if (where) listings.set(`${where.groupVersion}/${where.name}`, where);
  }
  const observed: ObservedObject[] = [];
  for (const resource of listings.values()) {
    for (const path of pathsFor(resource, options)) {
      for (const o of await listAll(kc, path, signal)) observed.push(...declaredVersions(o, resource.kind));
    }
  }
  return observed;
}

/** P1 input: the API server's Prometheus text, or undefined when /metrics may not be read. */
export async function readApiServerMetrics(
  kc: KubeConfig,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('cannot read metrics: the kubeconfig has no current cluster');
  const ctx = new RequestContext(`${cluster.server.replace(/\/$/, '')}/metrics`, HttpMethod.GET);
  ctx.setHeaderParam('Accept', 'text/plain');
  if (signal) ctx.setSignal(signal);
  await kc.applySecurityAuthentication(ctx);
  const resp = await new IsomorphicFetchHttpLibrary().send(ctx).toPromise();
  const text = await resp.body.text();
  if (resp.httpStatusCode === 401 || resp.httpStatusCode === 403) return undefined;
  if (resp.httpStatusCode < 200 || resp.httpStatusCode > 299) {
    throw new Error(`cannot read API server metrics: HTTP ${resp.httpStatusCode}: ${text.slice(0, 200)}`);
  }
  return text;
}

/** PDBs and the pods of their namespaces. */
export async function gatherPdbInputs(
  kc: KubeConfig,
  options: GatherOptions = {},
  signal?: AbortSignal,
): Promise<{ pdbs: V1PodDisruptionBudget[]; pods: V1Pod[] }> {
  const policy = kc.makeApiClient(PolicyV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const pdbs = options.namespaces
    ? (
        await Promise.all(
          options.namespaces.map((namespace) =>
            policy.listNamespacedPodDisruptionBudget({ namespace }, withSignal(signal)),
          ),
        )
      ).flatMap((l) => l.items)
    : (await policy.listPodDisruptionBudgetForAllNamespaces({}, withSignal(signal))).items;
  const namespaces = [...new Set(pdbs.map((p) => p.metadata?.namespace ?? ''))];
  const pods: V1Pod[] = [];
  for (const namespace of namespaces)
    pods.push(...(await core.listNamespacedPod({ namespace }, withSignal(signal))).items);
  return { pdbs, pods };
}

export async function gatherWorkloads(
  kc: KubeConfig,
  options: GatherOptions = {},
  signal?: AbortSignal,
): Promise<Required<WorkloadInput>> {
  const apps = kc.makeApiClient(AppsV1Api);
  const perNamespace = async <T>(
    all: () => Promise<{ items: T[] }>,
    one: (namespace: string) => Promise<{ items: T[] }>,
  ): Promise<T[]> =>
    options.namespaces
      ? (await Promise.all(options.namespaces.map(one))).flatMap((l) => l.items)
      : (await all()).items;
  const opts = withSignal(signal);
  return {
    deployments: await perNamespace(
      () => apps.listDeploymentForAllNamespaces({}, opts),
      (namespace) => apps.listNamespacedDeployment({ namespace }, opts),
    ),
    statefulSets: await perNamespace(
      () => apps.listStatefulSetForAllNamespaces({}, opts),
      (namespace) => apps.listNamespacedStatefulSet({ namespace }, opts),
    ),
    daemonSets: await perNamespace(
      () => apps.listDaemonSetForAllNamespaces({}, opts),
      (namespace) => apps.listNamespacedDaemonSet({ namespace }, opts),
    ),
  };
}
