import type { ManagedCluster, UpgradePlan } from '../../api/index.js';
import type { OfferedVersions } from './offered-versions.js';
import { approvalHolds, meetsTarget } from './approval-regions.js';

/** Versions per region; a region listed as `null` cannot be read. */
class RegionVersions implements OfferedVersions {
  readonly reads: string[] = [];
  constructor(private readonly byRegion: Record<string, string[] | null>) {}
  async regionVersions(cluster: ManagedCluster): Promise<string[]> {
    await Promise.resolve();
    this.reads.push(cluster.spec.location);
    const versions = this.byRegion[cluster.spec.location];
    if (versions === null || versions === undefined) throw new Error('AuthorizationFailed');
    return versions;
  }
}

const cluster = (name: string, location: string): ManagedCluster =>
  ({ metadata: { name, labels: { env: 'prod' } }, spec: { location } }) as unknown as ManagedCluster;

const CLUSTERS = [cluster('p1', 'eastus'), cluster('p2', 'westeurope'), cluster('p3', 'westeurope')];

function plan(extra: Partial<UpgradePlan['spec']> = {}): UpgradePlan {
  return {
    metadata: { name: 'plan' },
    spec: {
      target: { kubernetesVersion: '1.34' },
      clusterSelector: {},
      stages: [
        {
          name: 'prod',
          clusterSelector: { matchLabels: { env: 'prod' } },
          maxConcurrency: 1,
          soakMinutes: 0,
          requireApproval: true,
        },
      ],
      approvals: ['prod'],
      ...extra,
    },
  } as unknown as UpgradePlan;
}

const holds = (p: UpgradePlan, versions: OfferedVersions) =>
  approvalHolds({
    plan: p,
    observed: CLUSTERS.map((c) => ({
      name: c.metadata.name ?? '',
      labels: { env: 'prod' },
      remainingSteps: [],
      isUpgrading: false,
    })),
    cluster: (name) => CLUSTERS.find((c) => c.metadata.name === name),
    versions,
    signal: new AbortController().signal,
  });

describe('approvalHolds', () => {
  it('matches a minor target against patches, and a patch target exactly', () => {
    expect(meetsTarget('1.34.2', '1.34')).toBe(true);
    expect(meetsTarget('1.341.0', '1.34')).toBe(false);
    expect(meetsTarget('1.34.2', '1.34.2')).toBe(true);
    expect(meetsTarget('1.34.0', '1.34.2')).toBe(false);
  });

  it('holds an approved stage naming the regions that lack the target, reading each region once', async () => {
    const versions = new RegionVersions({ eastus: ['1.33.4', '1.34.2'], westeurope: ['1.33.4'] });
    const found = await holds(plan(), versions);
    expect(found.get('prod')).toContain('does not offer 1.34 in westeurope yet');
    expect(versions.reads.sort()).toEqual(['eastus', 'westeurope']);
  });

  it('lets the stage go once every region offers the target', async () => {
    const versions = new RegionVersions({ eastus: ['1.34.2'], westeurope: ['1.34.0'] });
    expect((await holds(plan(), versions)).size).toBe(0);
  });

  it('holds when a region cannot be read, and says so', async () => {
    const versions = new RegionVersions({ eastus: ['1.34.2'], westeurope: null });
    expect((await holds(plan(), versions)).get('prod')).toContain(
      'westeurope (its versions cannot be read: AuthorizationFailed)',
    );
  });

  it('reads nothing for a stage not approved yet, or a target that is not a version', async () => {
    const versions = new RegionVersions({ eastus: [], westeurope: [] });
    expect((await holds(plan({ approvals: [] }), versions)).size).toBe(0);
    expect((await holds(plan({ target: { nodeImageOnly: true } }), versions)).size).toBe(0);
    expect(versions.reads).toEqual([]);
  });
});
