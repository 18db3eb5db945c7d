// A tiny namespaced custom resource (Widget, with a status subresource) that the runtime's integration
// tests install, so they exercise the machinery on a real API server without the project's own CRDs.
import type { KubeConfig } from '@kubernetes/client-node';
import type { CustomResourceKind } from '../custom-resource.js';
import type { Condition } from '../conditions.js';
import { kubeStatusCode } from '../errors.js';
import { kubeRequest } from '../kube-request.js';
import { kubeListWatch, type ListWatchSource } from '../list-watch.js';
import type { KubeObject } from '../reconciler.js';

export const WIDGET_KIND: CustomResourceKind = {
  group: 'test.aks.lifecycle.dev',
  version: 'v1',
  plural: 'widgets',
};
export const WIDGET_API_VERSION = `${WIDGET_KIND.group}/${WIDGET_KIND.version}`;

export interface Widget extends KubeObject {
  spec?: { size?: number; note?: string };
  status?: { observedGeneration?: number; conditions?: Condition[]; attempts?: number };
}

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${WIDGET_KIND.plural}.${WIDGET_KIND.group}` },
  spec: {
    group: WIDGET_KIND.group,
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: WIDGET_KIND.version,
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        },
      },
    ],
  },
};

/** Installs the Widget CRD (idempotent, safe to call from parallel test files) and waits until it is served. */
export async function installWidgetCrd(kc: KubeConfig, timeoutMs = 30_000): Promise<void> {
  try {
    // Raw JSON: the typed client would drop `x-kubernetes-preserve-unknown-fields` (it expects its own field name).
    await kubeRequest(kc, {
      method: 'POST',
      path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      body: CRD,
    });
  } catch (err: unknown) {
    if (kubeStatusCode(err) !== 409) throw err;
  }
  const deadline = Date.now() + timeoutMs;
  const source = kubeListWatch<Widget>(kc, { ...WIDGET_KIND });
  for (;;) {
    try {
      await source.list(AbortSignal.timeout(5000));
      return;
    } catch (err: unknown) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** A list-watch of Widgets in one namespace. */
export function widgetSource(kc: KubeConfig, namespace: string): ListWatchSource<Widget> {
  return kubeListWatch<Widget>(kc, { ...WIDGET_KIND, namespace });
}
