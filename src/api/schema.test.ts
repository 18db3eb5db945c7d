// The builder turns one declaration into the OpenAPI shape the apiserver wants and into matching types.
import { toOpenAPI } from './openapi.js';
import { s } from './schema.js';
import type { Infer, InferInput } from './schema.js';
import { upgradePlanSpec } from './upgrade-plan.js';
import type { NodePoolSpec, NodePoolSpecInput } from './node-pool.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T | undefined => undefined;

const sample = s.object(
  {
    name: s.string({ description: 'n', maxLength: 8 }),
    size: s.integer({ description: 'z', minimum: 1, default: 3 }),
    note: s.string({ description: 'o', maxLength: 8 }).optional(),
    labels: s
      .map(s.string({ description: 'v', maxLength: 8 }), { description: 'l', maxProperties: 4 })
      .optional(),
    items: s.array(s.enum(['a', 'b'] as const, { description: 'e' }), {
      description: 'i',
      maxItems: 2,
      listType: 'set',
    }),
  },
  { description: 'sample' },
);

describe('schema builder', () => {
  it('lists only fields without default or optional marker as required', () => {
    expect(toOpenAPI(sample).required).toEqual(['name', 'items']);
  });

  it('emits maps as additionalProperties and lists with their list type', () => {
    const out = toOpenAPI(sample);
    expect(out.properties?.labels).toMatchObject({
      type: 'object',
      maxProperties: 4,
      additionalProperties: { type: 'string' },
    });
    expect(out.properties?.items).toMatchObject({
      type: 'array',
      maxItems: 2,
      'x-kubernetes-list-type': 'set',
      items: { enum: ['a', 'b'] },
    });
  });

  it('emits int-or-string without a type', () => {
    const out = toOpenAPI(s.intOrString({ description: 'x', maxLength: 4 }));
    expect(out).toEqual({ description: 'x', 'x-kubernetes-int-or-string': true, maxLength: 4 });
  });

  it('writes the nested defaults into an object default, as the apiserver checks it unfilled', () => {
    expect(toOpenAPI(upgradePlanSpec).properties?.drain?.default).toEqual({
      timeoutMinutes: 30,
      onTimeout: 'Wait',
      concurrency: 1,
    });
  });

  it('infers read types with defaults present and write types with them optional', () => {
    assertType<
      Equal<
        Infer<typeof sample>,
        { name: string; size: number; items: ('a' | 'b')[]; note?: string; labels?: Record<string, string> }
      >
    >();
    assertType<
      Equal<
        InferInput<typeof sample>,
        { name: string; items: ('a' | 'b')[]; size?: number; note?: string; labels?: Record<string, string> }
      >
    >();
    assertType<Equal<NodePoolSpec['upgradeStrategy'], 'Surge' | 'BlueGreen'>>();
    assertType<Equal<NodePoolSpecInput['upgradeStrategy'], 'Surge' | 'BlueGreen' | undefined>>();
    assertType<Equal<NodePoolSpec['mode'], 'System' | 'User' | undefined>>();
    assertType<
      Equal<NonNullable<NodePoolSpec['upgradeSettings']>['maxSurge'], number | string | undefined>
    >();
    expect(sample.presence).toBe('required');
  });
});
