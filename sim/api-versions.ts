// The api-versions each simulated provider accepts, as ARM's registration of the provider lists them:
// a request naming another is refused by ARM before the provider sees it, with NoRegisteredProviderFound.
import { aksErrors } from './aks-errors.js';
import { ArmError } from './errors.js';
import type { ResourceStore } from './resource-store.js';

/**
 * Microsoft.ContainerService: the default of @azure/arm-containerservice 25.5.0 (2026-06-01) and the two
 * stable versions before it. Real AKS accepts every stable and preview version since 2017-08-31.
 */
export const CONTAINER_SERVICE_API_VERSIONS = ['2026-04-01', '2026-05-01', '2026-06-01'] as const;

/** AKS writes this version into the operation URLs it hands out; they must answer to it. */
const OPERATION_STATUS_API_VERSION = '2017-08-31';

/** Per provider namespace (lower case): the operator's version (last) and the two stable ones before it. */
const SUPPORTED: Record<string, readonly string[]> = {
  'microsoft.containerservice': CONTAINER_SERVICE_API_VERSIONS,
  'microsoft.network': ['2024-01-01', '2024-03-01', '2024-05-01'],
  'microsoft.compute': ['2023-09-01', '2024-03-01', '2024-07-01'],
};

/** Where ARM routes a request: provider namespace and resource type, as its error names them. */
interface ProviderType {
  namespace: string;
  type: string;
}

function providerType(method: string, path: string): ProviderType | undefined {
  const parts = path.split('/').filter(Boolean);
  const at = parts.findIndex((p) => p.toLowerCase() === 'providers');
  if (at < 0 || !parts[at + 1]) return undefined;
  const rest = parts.slice(at + 2);
  // A POST names its action last (…/managedClusters/c1/start); the type is the resource's.
  const typed = method === 'POST' && rest.length % 2 === 1 ? rest.slice(0, -1) : rest;
  const type = typed.filter((_, i) => i % 2 === 0).join('/');
  return { namespace: parts[at + 1]!, type };
}

function isOperationStatus(type: string): boolean {
  return /^locations\/(operations|operationstatus|operationresults)$/i.test(type);
}

export interface ApiVersionRequest {
  method: string;
  path: string;
  apiVersion: string | null;
  /** The request body as sent; its `location`, when it has one, routes the request. */
  rawBody: string;
  store: ResourceStore;
}

/** Throws ARM's 400 when the request names no api-version, or one its provider is not registered for. */
export function checkApiVersion(req: ApiVersionRequest): void {
  if (!req.apiVersion) throw aksErrors.missingApiVersion();
  const target = providerType(req.method, req.path);
  if (!target) return;
  const supported = SUPPORTED[target.namespace.toLowerCase()];
  if (!supported) return;
  const accepted =
    target.namespace.toLowerCase() === 'microsoft.containerservice' && isOperationStatus(target.type)
      ? [OPERATION_STATUS_API_VERSION, ...supported]
      : supported;
  if (accepted.includes(req.apiVersion)) return;
  throw apiVersionErrors.noRegisteredProvider({
    location: requestLocation(req),
    apiVersion: req.apiVersion,
    type: target.type,
    supported: accepted,
  });
}

/** The location ARM routes by: the path's, the body's, or the stored resource's; `global` when none. */
function requestLocation(req: ApiVersionRequest): string {
  const fromPath = /\/locations\/([^/]+)/i.exec(req.path)?.[1];
  if (fromPath) return fromPath.toLowerCase();
  const fromBody = bodyLocation(req.rawBody);
  if (fromBody) return fromBody.toLowerCase();
  const m =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/(managedClusters|snapshots)\/([^/]+)/i.exec(
      req.path,
    );
  if (m) {
    const [, subscriptionId, resourceGroup, kind, name] = m as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    const stored =
      kind.toLowerCase() === 'snapshots'
        ? req.store.getSnapshot({ subscriptionId, resourceGroup, snapshot: name })
        : req.store.getCluster({ subscriptionId, resourceGroup, cluster: name });
    if (stored) return stored.location.toLowerCase();
  }
  return 'global';
}

function bodyLocation(raw: string): string | undefined {
  try {
    const body = JSON.parse(raw) as { location?: unknown } | null;
    return typeof body?.location === 'string' ? body.location : undefined;
  } catch {
    return undefined; // not JSON: the pipeline refuses it with InvalidRequestContent afterwards
  }
}

export const apiVersionErrors = {
  /** ARM's answer for an api-version the provider's registration does not list (wording of real answers). */
  noRegisteredProvider(o: {
    location: string;
    apiVersion: string;
    type: string;
    supported: readonly string[];
  }): ArmError {
    return new ArmError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '${o.location}' and API version '${o.apiVersion}' for type '${o.type}'. The supported api-versions are '${o.supported.join(', ')}'.`,
    );
  },
};
