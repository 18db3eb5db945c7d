// vCPU quota per subscription, region and VM family (plus the total regional limit), and the
// arithmetic that decides whether an allocation fits. Usage is computed by the caller from the store.

export interface QuotaLimit {
  subscriptionId?: string;
  location?: string;
  /** A quota family such as `standardDSv3Family`, or `cores` for the total regional limit. */
  family: string;
  limit: number;
}

export interface QuotaConfig {
  defaultFamilyLimit: number;
  defaultRegionalLimit: number;
  limits: QuotaLimit[];
}

export const DEFAULT_QUOTA: QuotaConfig = { defaultFamilyLimit: 200, defaultRegionalLimit: 500, limits: [] };

export const TOTAL_REGIONAL = 'cores';

export interface QuotaViolation {
  quotaName: string;
  limit: number;
  usage: number;
  required: number;
}

export interface QuotaRequest {
  subscriptionId: string;
  location: string;
  family: string;
  /** Current vCPU usage per family in the subscription and region. */
  usageByFamily: Map<string, number>;
  /** Additional vCPUs the operation needs in this family. */
  required: number;
  /** Additional vCPUs the same operation needs in other families (they count toward the regional total). */
  requiredElsewhere?: number;
}

export class QuotaModel {
  constructor(private config: QuotaConfig = DEFAULT_QUOTA) {}

  configure(config: Partial<QuotaConfig>): void {
    this.config = { ...this.config, ...config, limits: config.limits ?? this.config.limits };
  }

  snapshot(): QuotaConfig {
    return structuredClone(this.config);
  }

  /** The most specific limit set for the family (subscription+location beats either beats none). */
  limitFor(subscriptionId: string, location: string, family: string): number {
    let best: { score: number; limit: number } | undefined;
    for (const l of this.config.limits) {
      if (l.family.toLowerCase() !== family.toLowerCase()) continue;
      if (l.subscriptionId && l.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) continue;
      if (l.location && l.location.toLowerCase() !== location.toLowerCase()) continue;
      const score = (l.subscriptionId ? 2 : 0) + (l.location ? 1 : 0);
      if (!best || score >= best.score) best = { score, limit: l.limit };
    }
    if (best) return best.limit;
    return family === TOTAL_REGIONAL ? this.config.defaultRegionalLimit : this.config.defaultFamilyLimit;
  }

  /** The first quota the request would exceed: the family's, then the regional total. */
  check(req: QuotaRequest): QuotaViolation | undefined {
    if (req.required <= 0) return undefined;
    const familyUsage = req.usageByFamily.get(req.family) ?? 0;
    const familyLimit = this.limitFor(req.subscriptionId, req.location, req.family);
    if (familyUsage + req.required > familyLimit) {
      return {
        quotaName: `${req.family} Cores`,
        limit: familyLimit,
        usage: familyUsage,
        required: req.required,
      };
    }
    let total = 0;
    for (const v of req.usageByFamily.values()) total += v;
    const need = req.required + (req.requiredElsewhere ?? 0);
    const regionalLimit = this.limitFor(req.subscriptionId, req.location, TOTAL_REGIONAL);
    if (total + need > regionalLimit) {
      return { quotaName: 'Total Regional Cores', limit: regionalLimit, usage: total, required: need };
    }
    return undefined;
  }
}
