// Kubernetes versions AKS offers in a region: minors, their patches, which upgrades each patch is
// offered, the default, preview and support plans. Answers listKubernetesVersions and the upgrade profiles.
import { compareVersions, minorOf, parseVersion } from './kube-version.js';

export interface MinorRelease {
  /** `1.33` */
  version: string;
  patches: string[];
  isDefault?: boolean;
  isPreview?: boolean;
  /** `KubernetesOfficial` and/or `AKSLongTermSupport`. */
  supportPlans?: string[];
  /** Upgrades offered from a patch, when they differ from the default rule (later patches, next minor). */
  upgrades?: Record<string, string[]>;
}

export interface VersionCatalogueConfig {
  minors: MinorRelease[];
  /** Locations with their own list; others use `minors`. */
  byLocation?: Record<string, MinorRelease[]>;
}

export const DEFAULT_MINORS: MinorRelease[] = [
  {
    version: '1.31',
    patches: ['1.31.9', '1.31.11'],
    supportPlans: ['KubernetesOfficial', 'AKSLongTermSupport'],
  },
  {
    version: '1.32',
    patches: ['1.32.5', '1.32.7'],
    supportPlans: ['KubernetesOfficial', 'AKSLongTermSupport'],
  },
  {
    version: '1.33',
    patches: ['1.33.2', '1.33.4'],
    isDefault: true,
    supportPlans: ['KubernetesOfficial', 'AKSLongTermSupport'],
  },
  {
    version: '1.34',
    patches: ['1.34.0', '1.34.2'],
    supportPlans: ['KubernetesOfficial', 'AKSLongTermSupport'],
  },
  { version: '1.35', patches: ['1.35.0'], isPreview: true, supportPlans: ['KubernetesOfficial'] },
];

export interface PatchInfo {
  version: string;
  minor: MinorRelease;
}

export class VersionCatalogue {
  constructor(private readonly config: VersionCatalogueConfig = { minors: DEFAULT_MINORS }) {}

  minors(location: string): MinorRelease[] {
    const own = this.config.byLocation?.[location.toLowerCase()];
    return [...(own ?? this.config.minors)].sort((a, b) => compareVersions(a.version, b.version));
  }

  patch(location: string, version: string): PatchInfo | undefined {
    for (const minor of this.minors(location)) {
      if (minor.patches.includes(version)) return { version, minor };
    }
    return undefined;
  }

  /** The patch AKS picks for a requested version: `''` → default, `1.33` → latest patch of 1.33. */
  resolve(location: string, requested: string | undefined): string | undefined {
    const minors = this.minors(location);
    if (!requested) {
      const def = minors.find((m) => m.isDefault) ?? minors.filter((m) => !m.isPreview).at(-1);
      return def ? latestPatch(def) : undefined;
    }
    const parsed = parseVersion(requested);
    if (!parsed) return undefined;
    if (parsed.patch === undefined) {
      const minor = minors.find((m) => m.version === requested);
      return minor ? latestPatch(minor) : undefined;
    }
    return this.patch(location, requested)?.version;
  }

  /** Upgrades offered from a patch: as configured, else later patches of its minor and every patch of the next minor. */
  upgrades(location: string, from: string): string[] {
    const override = this.patch(location, from)?.minor.upgrades?.[from];
    if (override) return [...override].sort(compareVersions);
    const fromMinor = parseVersion(from);
    if (!fromMinor) return [];
    const out: string[] = [];
    for (const minor of this.minors(location)) {
      const m = parseVersion(minor.version);
      if (!m || m.major !== fromMinor.major) continue;
      if (m.minor === fromMinor.minor) out.push(...minor.patches.filter((p) => compareVersions(p, from) > 0));
      if (m.minor === fromMinor.minor + 1) out.push(...minor.patches);
    }
    return out.sort(compareVersions);
  }

  isPreview(location: string, version: string): boolean {
    const minor = this.minors(location).find((m) => m.version === minorOf(version));
    return minor?.isPreview === true;
  }

  /** Every patch offered in the location, oldest first. */
  allPatches(location: string): string[] {
    return this.minors(location)
      .flatMap((m) => m.patches)
      .sort(compareVersions);
  }
}

function latestPatch(minor: MinorRelease): string | undefined {
  return [...minor.patches].sort(compareVersions).at(-1);
}
