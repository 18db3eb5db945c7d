// Tiny schema builder: each kind's fields are declared once; the TypeScript types (Infer, InferInput),
// the CRD's structural OpenAPI schema, the defaulting used in tests and the API reference all derive from it.

/** A CEL rule (`x-kubernetes-validations`). `message` is also what the API reference shows. */
export interface ValidationRule {
  readonly rule: string;
  readonly message: string;
  readonly messageExpression?: string;
  readonly reason?:
    'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
  readonly fieldPath?: string;
  readonly optionalOldSelf?: boolean;
}

/** required: must be given; optional: may be absent; defaulted: the apiserver fills it in when absent. */
export type Presence = 'required' | 'optional' | 'defaulted';

interface NodeBase {
  readonly description: string;
  readonly default?: unknown;
  readonly rules?: readonly ValidationRule[];
}
export interface StringNode extends NodeBase {
  readonly type: 'string';
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly format?: 'date-time';
}
export interface IntegerNode extends NodeBase {
  readonly type: 'integer';
  readonly minimum?: number;
  readonly maximum?: number;
  /** int32 unless said otherwise; generations and counters of the apiserver are int64. */
  readonly format?: 'int32' | 'int64';
}
export interface NumberNode extends NodeBase {
  readonly type: 'number';
  readonly minimum?: number;
  readonly maximum?: number;
}
export interface BooleanNode extends NodeBase {
  readonly type: 'boolean';
}
export interface IntOrStringNode extends NodeBase {
  readonly type: 'intOrString';
  readonly maxLength: number;
}
export interface ObjectNode extends NodeBase {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, AnySchema>>;
}
export interface MapNode extends NodeBase {
  readonly type: 'map';
  readonly values: AnySchema;
  readonly maxProperties: number;
}
export interface ArrayNode extends NodeBase {
  readonly type: 'array';
  readonly items: AnySchema;
  readonly maxItems: number;
  readonly minItems?: number;
  readonly listType: 'atomic' | 'set' | 'map';
  readonly listMapKeys?: readonly string[];
}
export type SchemaNode =
  StringNode | IntegerNode | NumberNode | BooleanNode | IntOrStringNode | ObjectNode | MapNode | ArrayNode;

/** A declared field. `Out` is the type as read back (defaults applied), `In` the type a writer may send. */
export interface Schema<Out, In, P extends Presence> {
  readonly node: SchemaNode;
  readonly presence: P;
  /** Type carrier only; never present at run time. */
  readonly __types: { readonly out: Out; readonly in: In };
  optional(): Schema<Out, In, 'optional'>;
}
/** The widest schema, used as a constraint. */
export type AnySchema = Schema<unknown, unknown, Presence>;

export type Infer<S extends AnySchema> = S['__types']['out'];
export type InferInput<S extends AnySchema> = S['__types']['in'];

type Props = Readonly<Record<string, AnySchema>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type KeysWhere<P extends Props, Pr extends Presence> = {
  [K in keyof P]: P[K]['presence'] extends Pr ? K : never;
}[keyof P];
type ObjectOut<P extends Props> = Simplify<
  { [K in Exclude<keyof P, KeysWhere<P, 'optional'>>]: Infer<P[K]> } & {
    [K in KeysWhere<P, 'optional'>]?: Infer<P[K]>;
  }
>;
type ObjectIn<P extends Props> = Simplify<
  { [K in KeysWhere<P, 'required'>]: InferInput<P[K]> } & {
    [K in Exclude<keyof P, KeysWhere<P, 'required'>>]?: InferInput<P[K]>;
  }
>;
type PresenceOf<O> = O extends { default: unknown } ? 'defaulted' : 'required';

function make<Out, In, P extends Presence>(node: SchemaNode, presence: P): Schema<Out, In, P> {
  return {
    node,
    presence,
    optional: () => make<Out, In, 'optional'>(node, 'optional'),
  } as Schema<Out, In, P>;
}

interface Common<D> {
  description: string;
  default?: D;
  rules?: readonly ValidationRule[];
}
type StringOpts = Common<string> & Omit<StringNode, 'type' | 'enum' | 'description' | 'default' | 'rules'>;
type IntegerOpts = Common<number> & Pick<IntegerNode, 'minimum' | 'maximum' | 'format'>;
type NumberOpts = Common<number> & Pick<NumberNode, 'minimum' | 'maximum'>;
type ObjectOpts = Common<Record<string, never>>;

/** The builder. Every field carries a description: it is what `kubectl explain` and the docs show. */
export const s = {
  string<const O extends StringOpts>(opts: O): Schema<string, string, PresenceOf<O>> {
    return make({ type: 'string', ...opts }, presenceOf(opts));
  },
  dateTime<const O extends Common<string>>(opts: O): Schema<string, string, PresenceOf<O>> {
    return make({ type: 'string', format: 'date-time', maxLength: 64, ...opts }, presenceOf(opts));
  },
  enum<const V extends readonly string[], const O extends Common<V[number]>>(
    values: V,
    opts: O,
  ): Schema<V[number], V[number], PresenceOf<O>> {
    return make({ type: 'string', enum: values, ...opts }, presenceOf(opts));
  },
  integer<const O extends IntegerOpts>(opts: O): Schema<number, number, PresenceOf<O>> {
    return make({ type: 'integer', ...opts }, presenceOf(opts));
  },
  number<const O extends NumberOpts>(opts: O): Schema<number, number, PresenceOf<O>> {
    return make({ type: 'number', ...opts }, presenceOf(opts));
  },
  boolean<const O extends Common<boolean>>(opts: O): Schema<boolean, boolean, PresenceOf<O>> {
    return make({ type: 'boolean', ...opts }, presenceOf(opts));
  },
  intOrString<const O extends Common<number | string> & { maxLength: number }>(
    opts: O,
  ): Schema<number | string, number | string, PresenceOf<O>> {
    return make({ type: 'intOrString', ...opts }, presenceOf(opts));
  },
  object<const P extends Props, const O extends ObjectOpts>(
    properties: P,
    opts: O,
  ): Schema<ObjectOut<P>, ObjectIn<P>, PresenceOf<O>> {
    return make({ type: 'object', properties, ...opts }, presenceOf(opts));
  },
  map<V extends AnySchema, const O extends Common<Record<string, never>> & { maxProperties: number }>(
    values: V,
    opts: O,
  ): Schema<Record<string, Infer<V>>, Record<string, InferInput<V>>, PresenceOf<O>> {
    return make({ type: 'map', values, ...opts }, presenceOf(opts));
  },
  array<
    I extends AnySchema,
    const O extends Common<never[]> &
      Pick<ArrayNode, 'maxItems' | 'minItems' | 'listMapKeys'> & {
        listType?: ArrayNode['listType'];
      },
  >(items: I, opts: O): Schema<Infer<I>[], InferInput<I>[], PresenceOf<O>> {
    return make({ type: 'array', items, listType: 'atomic', ...opts }, presenceOf(opts));
  },
};

function presenceOf<O extends { default?: unknown }>(opts: O): PresenceOf<O> {
  return (opts.default === undefined ? 'required' : 'defaulted') as PresenceOf<O>;
}

/** The values of an `as const` object, as a tuple-like list usable by `s.enum`. */
export function valuesOf<T extends Readonly<Record<string, string>>>(obj: T): readonly T[keyof T][] {
  return Object.values(obj) as T[keyof T][];
}
