// Installs the project's CRDs from crds/ into a cluster (server-side apply, so repeated and concurrent
// calls are harmless) and waits until each is Established and its resource is served.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import {
  ApiextensionsV1Api,
  CustomObjectsApi,
  dumpYaml,
  KubernetesObjectApi,
  loadYaml,
  PatchStrategy,
} from '@kubernetes/client-node';
import type { KubeConfig, V1CustomResourceDefinition } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { waitFor } from './wait.js';

export const CRD_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'crds');
const FIELD_MANAGER = 'aks-lifecycle-tests';
const ESTABLISH_TIMEOUT_MS = 30_000;

/**
 * The CRDs as client-node models. The client serializes by its model's field names, so a plain parsed
 * object would lose every `x-kubernetes-*` key; loadYaml maps them, and the round trip is checked.
 */
export function readCrds(dir: string = CRD_DIR): V1CustomResourceDefinition[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      const crd = loadYaml<V1CustomResourceDefinition>(text);
      if (!isDeepStrictEqual(parse(dumpYaml(crd)), parse(text))) {
        throw new Error(`@kubernetes/client-node would not send ${f} unchanged; apply it another way`);
      }
      return crd;
    });
}

function isEstablished(crd: V1CustomResourceDefinition): boolean {
  const conditions = crd.status?.conditions ?? [];
  return ['Established', 'NamesAccepted'].every((type) =>
    conditions.some((c) => c.type === type && c.status === 'True'),
  );
}

/** Applies every CRD in crds/ and resolves once all are Established and listable. */
export async function applyCrds(kc: KubeConfig, options: { signal?: AbortSignal } = {}): Promise<string[]> {
  const objects = kc.makeApiClient(KubernetesObjectApi);
  const extensions = kc.makeApiClient(ApiextensionsV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const crds = readCrds();
  for (const crd of crds) {
    await objects.patch(crd, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
  }
  for (const crd of crds) {
    const name = crd.metadata?.name ?? '';
    await waitFor(() => extensions.readCustomResourceDefinition({ name }), {
      timeoutMs: ESTABLISH_TIMEOUT_MS,
      message: `CRD ${name} to become Established`,
      until: isEstablished,
      signal: options.signal,
    });
    const version = crd.spec.versions[0]?.name ?? '';
    // Established can precede the resource being served for a moment; a list proves it is.
    await waitFor(
      () =>
        custom.listClusterCustomObject({
          group: crd.spec.group,
          version,
          plural: crd.spec.names.plural,
          limit: 1,
        }),
      { timeoutMs: ESTABLISH_TIMEOUT_MS, message: `resource ${name} to be served`, signal: options.signal },
    );
  }
  return crds.map((c) => c.metadata?.name ?? '');
}
