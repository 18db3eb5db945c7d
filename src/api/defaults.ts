// Applies a schema's defaults the way the apiserver does (top down, into objects, list items and map
// values), so tests and fakes can build objects exactly as they would be read back from the cluster.
import type { AnySchema, Infer, InferInput, SchemaNode } from './schema.js';

export function applyDefaults<S extends AnySchema>(schema: S, value: InferInput<S>): Infer<S> {
  return defaultNode(schema.node, structuredClone(value)) as Infer<S>;
}

/** Fills defaults into value in place (and returns it). */
export function defaultNode(node: SchemaNode, value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  switch (node.type) {
    case 'object': {
      const obj = value as Record<string, unknown>;
      for (const [key, prop] of Object.entries(node.properties)) {
        if (obj[key] === undefined && prop.node.default !== undefined) {
          obj[key] = structuredClone(prop.node.default);
        }
        if (obj[key] !== undefined) obj[key] = defaultNode(prop.node, obj[key]);
      }
      return obj;
    }
    case 'map': {
      const obj = value as Record<string, unknown>;
      for (const key of Object.keys(obj)) obj[key] = defaultNode(node.values.node, obj[key]);
      return obj;
    }
    case 'array':
      return (value as unknown[]).map((item) => defaultNode(node.items.node, item));
    default:
      return value;
  }
}
