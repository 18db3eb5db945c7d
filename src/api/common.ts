// Schema fragments several kinds share: references, conditions, label selectors, tags, deletion policy,
// the record of the last Azure operation.
import { s, valuesOf } from './schema.js';
import type { Infer, ValidationRule } from './schema.js';

/** Kubernetes object names (DNS subdomain). */
export const OBJECT_NAME_MAX = 253;

export const localRef = (description: string, rules: readonly ValidationRule[] = []) =>
  s.object(
    {
      name: s.string({
        description: 'Name of the object in the same namespace.',
        minLength: 1,
        maxLength: OBJECT_NAME_MAX,
      }),
    },
    { description, rules },
  );
export type LocalObjectReference = Infer<ReturnType<typeof localRef>>;

export const DeletionPolicy = {
  /** Deleting the object deletes the Azure resource (after draining, for pools). */
  Delete: 'Delete',
  /** Deleting the object leaves the Azure resource as it is. */
  Orphan: 'Orphan',
} as const;
export type DeletionPolicy = (typeof DeletionPolicy)[keyof typeof DeletionPolicy];

export const deletionPolicy = () =>
  s.enum(valuesOf(DeletionPolicy), {
    description:
      'What happens to the Azure resource when this object is deleted: Delete removes it, Orphan leaves it in Azure. ' +
      'When omitted: Delete for a resource the operator created, Orphan for one it adopted (status.deletionPolicy shows which).',
  });

/** The deletion policy in force, for status: the spec's, else the default for a created or adopted resource. */
export const effectiveDeletionPolicyStatus = () =>
  s
    .enum(valuesOf(DeletionPolicy), {
      description:
        'What deleting this object does to its Azure resource: spec.deletionPolicy, else Orphan for an adopted resource and Delete for one the operator created.',
    })
    .optional();

export const PowerState = {
  Running: 'Running',
  Stopped: 'Stopped',
} as const;
export type PowerState = (typeof PowerState)[keyof typeof PowerState];

export const azureTags = (what: string) =>
  s.map(s.string({ description: 'Tag value.', maxLength: 256 }), {
    description: `Azure tags set on the ${what}. Tags are replaced as a whole: keys not listed here are removed.`,
    maxProperties: 50,
    rules: [
      {
        rule: 'self.all(k, size(k) <= 512)',
        message: 'tag names must be at most 512 characters; shorten the tag name',
      },
    ],
  });

export const subscriptionId = (rules: readonly ValidationRule[] = []) =>
  s.string({
    rules,
    description:
      'Azure subscription ID (a GUID). When omitted, the subscriptionId key of the credential Secret is used.',
    pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
    maxLength: 36,
  });

export const resourceGroup = (description: string, rules: readonly ValidationRule[] = []) =>
  s.string({
    description,
    rules,
    pattern: '^[-\\w._()]*[-\\w_()]$',
    minLength: 1,
    maxLength: 90,
  });

export const location = (description: string, rules: readonly ValidationRule[] = []) =>
  s.string({ description, rules, pattern: '^[a-z0-9]+$', minLength: 1, maxLength: 64 });

export const credentialRef = () =>
  localRef(
    'Secret in the same namespace holding the Azure credentials for this object: keys tenantId, clientId and ' +
      'either clientSecret or a federated token, plus an optional subscriptionId. When omitted, the operator uses its own identity.',
  ).optional();

export const ConditionStatus = {
  True: 'True',
  False: 'False',
  Unknown: 'Unknown',
} as const;
export type ConditionStatus = (typeof ConditionStatus)[keyof typeof ConditionStatus];

export const condition = s.object(
  {
    type: s.string({
      description: 'Type of condition in CamelCase, e.g. Ready.',
      pattern:
        '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$',
      maxLength: 316,
    }),
    status: s.enum(valuesOf(ConditionStatus), { description: 'True, False or Unknown.' }),
    observedGeneration: s
      .integer({
        description: 'metadata.generation the condition was computed from.',
        minimum: 0,
        format: 'int64',
      })
      .optional(),
    lastTransitionTime: s.dateTime({ description: 'When status last changed.' }),
    reason: s.string({
      description: 'One CamelCase word naming the cause; stable, for programs.',
      pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$',
      minLength: 1,
      maxLength: 1024,
    }),
    message: s.string({ description: 'What happened and what to change, for humans.', maxLength: 32768 }),
  },
  { description: 'A metav1.Condition.' },
);
export type Condition = Infer<typeof condition>;

export const conditions = () =>
  s
    .array(condition, {
      description: 'Latest observations of the object: Ready, Reconciling, Stalled and kind-specific types.',
      maxItems: 16,
      listType: 'map',
      listMapKeys: ['type'],
    })
    .optional();

export const observedGeneration = () =>
  s
    .integer({
      description: 'metadata.generation of the spec the status describes.',
      minimum: 0,
      format: 'int64',
    })
    .optional();

/**
 * The durable record of the spec generation the operator last made Azure match: what tells a change made
 * outside the operator (drift) from a spec change, whatever conditions a later pass that only waited says.
 */
export const appliedGeneration = () =>
  s
    .integer({
      description:
        'metadata.generation of the spec the operator last made Azure match: after its own write, or when it found Azure ' +
        'already matching (adoption, no change needed). Kept while the operator only waits (a busy or stopped cluster, a ' +
        'busy sibling pool, an operation Azure runs that the operator did not start). Azure differing from the spec at ' +
        'this generation is drift, handled by the drift policy; at a newer generation it is a spec change to apply.',
      minimum: 0,
      format: 'int64',
    })
    .optional();

export const LabelSelectorOperator = {
  In: 'In',
  NotIn: 'NotIn',
  Exists: 'Exists',
  DoesNotExist: 'DoesNotExist',
} as const;
export type LabelSelectorOperator = (typeof LabelSelectorOperator)[keyof typeof LabelSelectorOperator];

export const labelSelector = (description: string) =>
  s.object(
    {
      matchLabels: s
        .map(s.string({ description: 'Label value.', maxLength: 63 }), {
          description: 'Labels that must all be present with these values.',
          maxProperties: 32,
        })
        .optional(),
      matchExpressions: s
        .array(
          s.object(
            {
              key: s.string({ description: 'Label key.', minLength: 1, maxLength: 317 }),
              operator: s.enum(valuesOf(LabelSelectorOperator), {
                description: 'In, NotIn, Exists or DoesNotExist.',
              }),
              values: s
                .array(s.string({ description: 'A label value.', maxLength: 63 }), {
                  description: 'Values for In and NotIn; must be empty for Exists and DoesNotExist.',
                  maxItems: 32,
                })
                .optional(),
            },
            {
              description: 'A label requirement.',
              rules: [
                {
                  rule: "self.operator in ['In', 'NotIn'] ? has(self.values) && size(self.values) > 0 : !has(self.values) || size(self.values) == 0",
                  message:
                    'matchExpressions: In and NotIn need at least one value; Exists and DoesNotExist take no values',
                },
              ],
            },
          ),
          { description: 'Label requirements that must all hold.', maxItems: 16 },
        )
        .optional(),
    },
    { description },
  );
export type LabelSelector = Infer<ReturnType<typeof labelSelector>>;

export const OperationResult = {
  InProgress: 'InProgress',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Canceled: 'Canceled',
} as const;
export type OperationResult = (typeof OperationResult)[keyof typeof OperationResult];

/** Operation types the operator starts in Azure. */
export const OperationType = {
  Create: 'Create',
  Update: 'Update',
  Upgrade: 'Upgrade',
  UpgradeNodeImage: 'UpgradeNodeImage',
  Scale: 'Scale',
  Start: 'Start',
  Stop: 'Stop',
  Delete: 'Delete',
} as const;
export type OperationType = (typeof OperationType)[keyof typeof OperationType];

export const lastOperation = () =>
  s
    .object(
      {
        type: s.enum(valuesOf(OperationType), { description: 'What the operation does.' }),
        startedAt: s.dateTime({ description: 'When the operator started it.' }),
        finishedAt: s.dateTime({ description: 'When it reached a terminal result.' }).optional(),
        result: s.enum(valuesOf(OperationResult), {
          description: 'InProgress until Azure reports Succeeded, Failed or Canceled.',
        }),
        operationID: s
          .string({ description: 'Azure async operation ID, when Azure returned one.', maxLength: 256 })
          .optional(),
        pollerState: s
          .string({
            description:
              'Serialized poller state, so a restarted operator resumes polling the same operation.',
            maxLength: 8192,
          })
          .optional(),
        error: s
          .object(
            {
              code: s.string({ description: 'Azure error code, verbatim.', maxLength: 256 }),
              message: s.string({ description: 'Azure error message, verbatim.', maxLength: 4096 }),
            },
            { description: 'Why the operation failed.' },
          )
          .optional(),
        generation: s.integer({
          description: 'metadata.generation the operation serves.',
          minimum: 0,
          format: 'int64',
        }),
        requestedBy: s
          .string({
            description:
              'The request annotations (upgrade target, strategy, standby count, retry) the operation serves, besides the generation.',
            maxLength: 1024,
          })
          .optional(),
      },
      {
        description:
          'The Azure operation most recently started for this object; with the generation it serves, so a restart resumes instead of repeating it.',
      },
    )
    .optional();
export type LastOperation = Infer<ReturnType<typeof lastOperation>>;
