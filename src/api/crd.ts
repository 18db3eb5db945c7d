// Builds each kind's CustomResourceDefinition (schema, status subresource, printer columns, short names)
// from its declaration; scripts/generate-crds.ts writes them to crds/.
import { API_VERSION, CATEGORY, GROUP, VERSION } from './group.js';
import type { Kind, Plural } from './group.js';
import { toOpenAPI } from './openapi.js';
import type { OpenAPISchema } from './openapi.js';
import type { AnySchema, ValidationRule } from './schema.js';

export interface PrinterColumn {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'date' | 'boolean' | 'number';
  readonly jsonPath: string;
  readonly description: string;
  /** 1 shows the column only with `-o wide`. */
  readonly priority?: number;
}

/** Everything about one kind, declared once. */
export interface KindDefinition {
  readonly kind: Kind;
  readonly plural: Plural;
  readonly shortNames: readonly string[];
  readonly description: string;
  readonly spec: AnySchema;
  readonly status: AnySchema;
  /** Rules on the whole object, for checks that need metadata.name. */
  readonly rules?: readonly ValidationRule[];
  readonly printerColumns: readonly PrinterColumn[];
}

export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string };
  spec: {
    group: string;
    names: {
      kind: string;
      listKind: string;
      plural: string;
      singular: string;
      shortNames: string[];
      categories: string[];
    };
    scope: 'Namespaced';
    versions: {
      name: string;
      served: boolean;
      storage: boolean;
      schema: { openAPIV3Schema: OpenAPISchema };
      subresources: { status: Record<string, never> };
      additionalPrinterColumns: PrinterColumn[];
    }[];
  };
}

export function crdName(def: KindDefinition): string {
  return `${def.plural}.${GROUP}`;
}

/** The whole-object schema: apiVersion, kind, metadata, spec and status. */
export function objectSchema(def: KindDefinition): OpenAPISchema {
  const schema: OpenAPISchema = {
    type: 'object',
    description: def.description,
    properties: {
      apiVersion: { type: 'string', description: `Always ${API_VERSION}.` },
      kind: { type: 'string', description: `Always ${def.kind}.` },
      metadata: { type: 'object' },
      spec: toOpenAPI(def.spec),
      status: toOpenAPI(def.status),
    },
    required: ['spec'],
  };
  if (def.rules && def.rules.length > 0)
    schema['x-kubernetes-validations'] = def.rules.map((r) => ({ ...r }));
  return schema;
}

export function buildCrd(def: KindDefinition): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: crdName(def) },
    spec: {
      group: GROUP,
      names: {
        kind: def.kind,
        listKind: `${def.kind}List`,
        plural: def.plural,
        singular: def.kind.toLowerCase(),
        shortNames: [...def.shortNames],
        categories: [CATEGORY],
      },
      scope: 'Namespaced',
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: objectSchema(def) },
          subresources: { status: {} },
          additionalPrinterColumns: def.printerColumns.map((c) => ({ ...c })),
        },
      ],
    },
  };
}

/** Columns every kind ends with. */
export const READY_COLUMN: PrinterColumn = {
  name: 'Ready',
  type: 'string',
  jsonPath: '.status.conditions[?(@.type=="Ready")].status',
  description: 'Status of the Ready condition.',
};
export const AGE_COLUMN: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: 'Time since creation.',
};
