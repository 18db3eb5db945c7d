// Turns a declared schema into the structural OpenAPI v3 schema a CRD carries (wire field names,
// `required` lists, list/map markers, CEL rules).
import { defaultNode } from './defaults.js';
import type { AnySchema, SchemaNode, ValidationRule } from './schema.js';

/** The subset of apiextensions.k8s.io/v1 JSONSchemaProps we emit, with wire key names. */
export interface OpenAPISchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  properties?: Record<string, OpenAPISchema>;
  required?: string[];
  additionalProperties?: OpenAPISchema;
  items?: OpenAPISchema;
  enum?: string[];
  default?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  maxProperties?: number;
  'x-kubernetes-int-or-string'?: true;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-preserve-unknown-fields'?: true;
  'x-kubernetes-validations'?: ValidationRule[];
}

export function toOpenAPI(schema: AnySchema): OpenAPISchema {
  return nodeToOpenAPI(schema.node);
}

function nodeToOpenAPI(node: SchemaNode): OpenAPISchema {
  const body = shape(node);
  // type and description first, for readable YAML
  const out: OpenAPISchema = compact({ type: body.type, description: node.description, ...body });
  // The apiserver checks a default against the CEL rules as written, without filling nested defaults
  // first, so an object default carries its children's defaults explicitly.
  if (node.default !== undefined) out.default = defaultNode(node, structuredClone(node.default));
  if (node.rules && node.rules.length > 0)
    out['x-kubernetes-validations'] = node.rules.map((r) => ({ ...r }));
  return out;
}

function shape(node: SchemaNode): OpenAPISchema {
  switch (node.type) {
    case 'string':
      return compact({
        type: 'string',
        enum: node.enum ? [...node.enum] : undefined,
        format: node.format,
        pattern: node.pattern,
        minLength: node.minLength,
        maxLength: node.maxLength,
      });
    case 'integer':
      return compact({
        type: 'integer',
        format: node.format ?? 'int32',
        minimum: node.minimum,
        maximum: node.maximum,
      });
    case 'number':
      return compact({ type: 'number', minimum: node.minimum, maximum: node.maximum });
    case 'boolean':
      return { type: 'boolean' };
    case 'intOrString':
      return { 'x-kubernetes-int-or-string': true, maxLength: node.maxLength };
    case 'object': {
      const entries = Object.entries(node.properties);
      const required = entries.filter(([, p]) => p.presence === 'required').map(([k]) => k);
      return compact({
        type: 'object',
        properties: Object.fromEntries(entries.map(([k, p]) => [k, toOpenAPI(p)])),
        required: required.length > 0 ? required : undefined,
      });
    }
    case 'map':
      return {
        type: 'object',
        additionalProperties: toOpenAPI(node.values),
        maxProperties: node.maxProperties,
      };
    case 'array':
      return compact({
        type: 'array',
        items: toOpenAPI(node.items),
        minItems: node.minItems,
        maxItems: node.maxItems,
        'x-kubernetes-list-type': node.listType,
        'x-kubernetes-list-map-keys': node.listMapKeys ? [...node.listMapKeys] : undefined,
      });
  }
}

function compact(o: OpenAPISchema): OpenAPISchema {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as OpenAPISchema;
}
