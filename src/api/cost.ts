// Cost: what a ManagedCluster or NodePool costs per hour from list prices, what being stopped and spot
// priority saved this month (status.cost), and the optional monthly budget a ManagedCluster declares (spec.cost).
import type { PrinterColumn } from './crd.js';
import { s, valuesOf } from './schema.js';
import type { Infer } from './schema.js';

/** Where the prices of an estimate came from. */
export const CostSource = {
  /** The Azure Retail Prices API (prices.azure.com, or the simulator's copy in local mode). */
  RetailPricesAPI: 'RetailPricesAPI',
  /** The operator's price table file (a mounted ConfigMap), used when the API cannot be reached. */
  PriceTable: 'PriceTable',
} as const;
export type CostSource = (typeof CostSource)[keyof typeof CostSource];

/** Hours a month counts in the monthly estimate, as Azure's pricing calculator counts them. */
export const HOURS_PER_MONTH = 730;

const amount = (description: string) =>
  s.string({ description, pattern: '^[0-9]+([.][0-9]+)?$', maxLength: 24 });

export const clusterCostSpec = s.object(
  {
    monthlyBudget: s
      .integer({
        description:
          'Monthly budget in the estimate currency (USD). When the month projection (status.cost.projectedMonth) passes it, ' +
          'OverBudget turns True and a Warning event is recorded. Nothing is stopped or scaled.',
        minimum: 0,
        maximum: 100_000_000,
      })
      .optional(),
    discountPercent: s
      .number({
        description:
          'Your negotiated discount on list prices, in percent, applied to every figure of the cluster and its NodePools. Default 0.',
        minimum: 0,
        maximum: 100,
      })
      .optional(),
  },
  { description: 'Cost estimate settings: a monthly budget and a discount on list prices.' },
);
export type ClusterCostSpec = Infer<typeof clusterCostSpec>;

export const costSavings = s.object(
  {
    month: s.string({
      description: 'The UTC month (YYYY-MM) the amounts belong to; a new month starts from zero.',
      pattern: '^[0-9]{4}-[0-9]{2}$',
      maxLength: 7,
    }),
    since: s.dateTime({
      description:
        'Start of the current period: the last change of power state, size or price (or the month start). ' +
        'Amounts below cover the month before it; the per-hour figures accrue from it.',
    }),
    stopped: s.boolean({ description: 'Whether the object is stopped in the current period.' }),
    trackedHours: amount('Hours of the month before `since` the amounts cover.'),
    stoppedHours: amount('Hours stopped (by spec or schedule) in the month before `since`.'),
    stopSavings: amount('Compute not paid because the object was stopped, in the month before `since`.'),
    spotSavings: amount(
      'Regular-priority price minus the spot price of the same nodes, in the month before `since`.',
    ),
    spend: amount('Estimated spend in the month before `since`.'),
    stopSavingsPerHour: amount('What being stopped saves per hour in the current period.'),
    spotSavingsPerHour: amount('What spot priority saves per hour in the current period.'),
  },
  {
    description:
      'Savings accounted per month, as of the last change; month-to-date = amount + per hour × hours since `since` ' +
      '(the aks_lifecycle_savings_total metric and docs/cost.md do that sum).',
  },
);
export type CostSavings = Infer<typeof costSavings>;

export const costStatus = s.object(
  {
    hourlyRate: amount(
      'Estimated cost per hour now, from list prices: VMs × running nodes, managed OS disks, and (clusters) the control-plane tier.',
    ),
    runningHourlyRate: amount(
      'Estimated cost per hour when running: what a stop saves, less the disks kept.',
    ),
    stoppedHourlyRate: amount(
      'Estimated cost per hour when stopped: managed OS disks and the control-plane tier.',
    ),
    monthlyEstimate: amount('runningHourlyRate × 730 hours: the month running throughout.'),
    currency: s.string({ description: 'Currency of every amount, e.g. USD.', maxLength: 8 }),
    priceDate: s.dateTime({ description: 'Effective date of the newest price used.' }).optional(),
    source: s.enum(valuesOf(CostSource), { description: 'Where the prices came from.' }),
    nodes: s
      .integer({
        description: 'Nodes priced (when stopped, the nodes it runs when started).',
        minimum: 0,
        maximum: 100_000,
      })
      .optional(),
    projectedMonth: amount(
      'Spend projected for the month: estimated spend so far plus the rest of the month at the rates the power schedule gives (else hourlyRate).',
    ).optional(),
    savings: costSavings.optional(),
  },
  {
    description:
      'Cost estimate from list prices (no negotiated prices, reservations, savings plans, load balancers, IPs, NAT, ' +
      'Log Analytics or Defender; see docs/cost.md), and savings this month.',
  },
);
export type CostStatus = Infer<typeof costStatus>;

/** `kubectl get` shows what each object costs per hour. */
export const COST_COLUMN: PrinterColumn = {
  name: 'Cost/h',
  type: 'string',
  jsonPath: '.status.cost.hourlyRate',
  description: 'Estimated cost per hour (status.cost.currency) from list prices.',
};
