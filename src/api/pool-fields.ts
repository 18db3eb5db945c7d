// Agent-pool fields shared by NodePool and ManagedCluster.spec.systemPool, named as on the AKS wire
// (vmSize, osSKU, maxPods, nodeLabels, nodeTaints, availabilityZones, upgradeSettings).
import { immutable } from './cel.js';
import { s, valuesOf } from './schema.js';

export const POOL_NAME_PATTERN = '^[a-z][a-z0-9]{0,11}$';

export const OsType = { Linux: 'Linux', Windows: 'Windows' } as const;
export type OsType = (typeof OsType)[keyof typeof OsType];

export const OsSKU = {
  Ubuntu: 'Ubuntu',
  Ubuntu2204: 'Ubuntu2204',
  Ubuntu2404: 'Ubuntu2404',
  AzureLinux: 'AzureLinux',
  AzureLinux3: 'AzureLinux3',
  CBLMariner: 'CBLMariner',
  Windows2019: 'Windows2019',
  Windows2022: 'Windows2022',
  Windows2025: 'Windows2025',
} as const;
export type OsSKU = (typeof OsSKU)[keyof typeof OsSKU];

export const OsDiskType = { Ephemeral: 'Ephemeral', Managed: 'Managed' } as const;
export type OsDiskType = (typeof OsDiskType)[keyof typeof OsDiskType];

export const UndrainableNodeBehavior = { Cordon: 'Cordon', Schedule: 'Schedule' } as const;
export type UndrainableNodeBehavior = (typeof UndrainableNodeBehavior)[keyof typeof UndrainableNodeBehavior];

export const poolAzureName = () =>
  s
    .string({
      description:
        'Name of the agent pool in Azure: lowercase letters and digits, starting with a letter, at most 12 (6 for Windows). Defaults to metadata.name.',
      pattern: POOL_NAME_PATTERN,
      maxLength: 12,
      rules: [immutable('azureName', 'AKS cannot rename an agent pool; create a new NodePool instead')],
    })
    .optional();

/** Why AKS refuses a new VM size on an existing pool. */
export const VM_SIZE_FIXED = 'AKS cannot resize the VMs of an existing pool';

/**
 * The VM size. `fixed` (the cluster's system pool) refuses any change at admission; a NodePool checks the
 * change on its spec instead, where its upgrade strategy may replace the pool by a twin of the new size.
 */
export const vmSize = (opts: { fixed: boolean; description?: string }) =>
  s.string({
    description: opts.description ?? 'Azure VM size of the nodes, e.g. Standard_D4s_v5.',
    pattern: '^[A-Za-z0-9_]+$',
    minLength: 1,
    maxLength: 64,
    ...(opts.fixed
      ? {
          rules: [
            immutable(
              'vmSize',
              `${VM_SIZE_FIXED}; create a new NodePool with the new size and delete this one`,
            ),
          ],
        }
      : {}),
  });

export const osSKU = () =>
  s
    .enum(valuesOf(OsSKU), {
      description: 'OS image family. When omitted AKS picks Ubuntu for Linux and Windows2022 for Windows.',
    })
    .optional();

export const osDiskType = () =>
  s
    .enum(valuesOf(OsDiskType), {
      description:
        'Ephemeral (OS disk on the VM cache or temp disk; needs a VM size whose cache holds osDiskSizeGB) or Managed. When omitted AKS chooses Ephemeral if it fits, else Managed.',
      rules: [
        immutable('osDiskType', 'AKS cannot change the OS disk of an existing pool; create a new NodePool'),
      ],
    })
    .optional();

export const osDiskSizeGB = () =>
  s
    .integer({
      description: 'OS disk size in GiB. When omitted AKS uses the VM size default (128 GiB for most sizes).',
      minimum: 30,
      maximum: 2048,
      rules: [
        immutable('osDiskSizeGB', 'AKS cannot resize the OS disk of an existing pool; create a new NodePool'),
      ],
    })
    .optional();

export const maxPods = () =>
  s
    .integer({
      description: 'Maximum pods per node. When omitted AKS uses 110 (250 for Azure CNI overlay).',
      minimum: 10,
      maximum: 250,
      rules: [immutable('maxPods', 'AKS fixes maxPods when it creates the nodes; create a new NodePool')],
    })
    .optional();

export const availabilityZones = () =>
  s
    .array(s.enum(['1', '2', '3'] as const, { description: 'A zone number.' }), {
      description: 'Availability zones the nodes are spread across, e.g. ["1","2","3"].',
      maxItems: 3,
      listType: 'set',
      rules: [
        immutable('availabilityZones', 'AKS fixes the zones of a pool at creation; create a new NodePool'),
      ],
    })
    .optional();

const LABEL_KEY =
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$';

export const nodeLabels = () =>
  s
    .map(
      s.string({
        description: 'Label value.',
        pattern: '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$',
        maxLength: 63,
      }),
      {
        description: 'Kubernetes labels put on every node of the pool.',
        maxProperties: 64,
        rules: [
          {
            rule: `self.all(k, size(k) <= 317 && k.matches('${LABEL_KEY}'))`,
            message: 'nodeLabels keys must be valid label keys ([prefix/]name, name at most 63 characters)',
          },
          {
            rule: "self.all(k, !k.startsWith('kubernetes.azure.com/'))",
            message:
              'nodeLabels cannot use the kubernetes.azure.com/ prefix: AKS reserves it; choose another prefix',
          },
        ],
      },
    )
    .optional();

const TAINT_PATTERN =
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?' +
  '(=(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?)?:(NoSchedule|PreferNoSchedule|NoExecute)$';

export const nodeTaints = () =>
  s
    .array(
      s.string({
        description: 'A taint written key=value:Effect (value optional).',
        maxLength: 317,
        rules: [
          {
            rule: `self.matches('${TAINT_PATTERN}')`,
            message:
              'each nodeTaints entry must be key=value:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute',
            messageExpression:
              "'nodeTaints entry ' + self + ' must be key=value:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute'",
          },
        ],
      }),
      {
        description: 'Taints put on every node of the pool, e.g. ["sku=gpu:NoSchedule"].',
        maxItems: 32,
        listType: 'set',
      },
    )
    .optional();

/** CEL: an int-or-string surge setting that means no node (0, "0" or "0%"). */
const isZero = (v: string) => `type(${v}) == int ? ${v} == 0 : (${v} == '0' || ${v} == '0%')`;

export const upgradeSettings = () =>
  s.object(
    {
      maxSurge: s
        .intOrString({
          description:
            'Extra nodes added during an upgrade: a count ("3" or 3) or a percentage of the pool ("33%"), rounded up. 0 only with a maxUnavailable above 0.',
          maxLength: 5,
          rules: [
            {
              rule: "type(self) == int ? self >= 0 && self <= 1000 : self.matches('^([0-9]|[1-9][0-9]|100)%$') || self.matches('^[0-9]$|^[1-9][0-9]{1,2}$|^1000$')",
              message: 'maxSurge must be a node count from 0 to 1000 or a percentage from 0% to 100%',
            },
          ],
        })
        .optional(),
      maxUnavailable: s
        .intOrString({
          description:
            'Nodes AKS may take out of service at once during an upgrade instead of (or besides) surging: a count ("1" or 1) ' +
            'or a percentage of the pool ("5%"), rounded up. Lets an upgrade go on without spare quota or subnet addresses (use with maxSurge 0).',
          maxLength: 5,
          rules: [
            {
              rule: "type(self) == int ? self >= 0 && self <= 1000 : self.matches('^([0-9]|[1-9][0-9]|100)%$') || self.matches('^[0-9]$|^[1-9][0-9]{1,2}$|^1000$')",
              message: 'maxUnavailable must be a node count from 0 to 1000 or a percentage from 0% to 100%',
            },
          ],
        })
        .optional(),
      drainTimeoutInMinutes: s
        .integer({
          description:
            'How long AKS waits for the pods of one node to be evicted (honouring PDBs) before it stops.',
          minimum: 1,
          maximum: 1440,
        })
        .optional(),
      nodeSoakDurationInMinutes: s
        .integer({
          description: 'Wait after draining a node before reimaging it and moving on.',
          minimum: 0,
          maximum: 30,
        })
        .optional(),
      undrainableNodeBehavior: s
        .enum(valuesOf(UndrainableNodeBehavior), {
          description:
            'What AKS does with a node it cannot drain: Schedule (mark it schedulable again and fail the upgrade) or Cordon (quarantine it and go on).',
        })
        .optional(),
    },
    {
      description:
        "How AKS surges and drains nodes when upgrading this pool. Fields left out are Azure's (AKS uses maxSurge 10%, maxUnavailable 0, drainTimeoutInMinutes 30, nodeSoakDurationInMinutes 0, undrainableNodeBehavior Schedule on create).",
      rules: [
        {
          rule: `!has(self.maxSurge) || !(${isZero('self.maxSurge')}) || (has(self.maxUnavailable) && !(${isZero('self.maxUnavailable')}))`,
          fieldPath: '.maxSurge',
          message:
            'maxSurge 0 needs maxUnavailable above 0: AKS refuses an upgrade that may neither add nor take out a node',
        },
      ],
    },
  );
