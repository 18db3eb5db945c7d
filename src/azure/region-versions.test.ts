import type * as Arm from '@azure/arm-containerservice';
import { ReconcileClock, runWithReconcileClock } from '../runtime/index.js';
import {
  RegionVersionsCache,
  REGION_VERSIONS_TTL_MS,
  offeredPatches,
  upgradesFrom,
} from './region-versions.js';

const OFFERED: Arm.KubernetesVersion[] = [
  { version: '1.33', patchVersions: { '1.33.2': { upgrades: ['1.33.5', '1.34.1'] }, '1.33.5': {} } },
  { version: '1.34', patchVersions: { '1.34.1': { upgrades: [] } } },
];

function world() {
  let nowMs = 0;
  const reads: string[] = [];
  let answer: () => Promise<Arm.KubernetesVersion[]> = () => Promise.resolve(OFFERED);
  const now = () => nowMs;
  const cache = new RegionVersionsCache();
  const arm = cache.bind({
    reader: {
      listKubernetesVersions: (scope) => {
        reads.push(`${scope.subscriptionId}/${scope.location}`);
        return answer();
      },
    },
    now,
  });
  return {
    arm,
    cache,
    reads,
    advance: (ms: number) => (nowMs += ms),
    answer: (a: () => Promise<Arm.KubernetesVersion[]>) => (answer = a),
  };
}

describe('RegionVersionsCache', () => {
  it('reads a region once for every caller and identity within its TTL, whatever the spelling of the location', async () => {
    const w = world();
    const other = w.cache.bind({
      reader: { listKubernetesVersions: () => Promise.reject(new Error('this identity never reads')) },
      now: () => 0,
    });
    await w.arm.offered({ subscriptionId: 'sub-a', location: 'westeurope' });
    await w.arm.offered({ subscriptionId: 'SUB-A', location: 'West Europe' });
    expect(await other.offered({ subscriptionId: 'sub-a', location: 'westeurope' })).toEqual(OFFERED);
    expect(w.reads).toEqual(['sub-a/westeurope']);
  });

  it('makes callers asking while a read is in flight share it', async () => {
    const w = world();
    const scope = { subscriptionId: 'sub-a', location: 'eastus' };
    const all = await Promise.all([w.arm.offered(scope), w.arm.offered(scope), w.arm.offered(scope)]);
    expect(all).toEqual([OFFERED, OFFERED, OFFERED]);
    expect(w.reads).toHaveLength(1);
  });

  it("counts a caller's wait for the read another caller started as time awaited outside", async () => {
    const w = world();
    let t = 0;
    // ARM answering on a later turn of the event loop, 90 ms of manual time later.
    w.answer(
      () =>
        new Promise((resolve) =>
          setImmediate(() => {
            t += 90;
            resolve(OFFERED);
          }),
        ),
    );
    const scope = { subscriptionId: 'sub-a', location: 'eastus' };
    const joining = new ReconcileClock(() => t);
    await Promise.all([w.arm.offered(scope), runWithReconcileClock(joining, () => w.arm.offered(scope))]);
    expect(joining.finish()).toEqual({ wallMs: 90, awaitedMs: 90, ownMs: 0 });
  });

  it('reads each subscription and region apart, and again once the TTL passed', async () => {
    const w = world();
    await w.arm.offered({ subscriptionId: 'sub-a', location: 'eastus' });
    await w.arm.offered({ subscriptionId: 'sub-b', location: 'eastus' });
    await w.arm.offered({ subscriptionId: 'sub-a', location: 'westus' });
    w.advance(REGION_VERSIONS_TTL_MS);
    await w.arm.offered({ subscriptionId: 'sub-a', location: 'eastus' });
    expect(w.reads).toEqual(['sub-a/eastus', 'sub-b/eastus', 'sub-a/westus', 'sub-a/eastus']);
  });

  it('keeps nothing of a failed read', async () => {
    const w = world();
    const scope = { subscriptionId: 'sub-a', location: 'eastus' };
    w.answer(() => Promise.reject(new Error('throttled')));
    await expect(w.arm.offered(scope)).rejects.toThrow('throttled');
    w.answer(() => Promise.resolve(OFFERED));
    expect(await w.arm.offered(scope)).toEqual(OFFERED);
    expect(w.reads).toHaveLength(2);
  });
});

describe('upgradesFrom', () => {
  it('names the upgrades the region lists for a patch, and nothing for a patch it does not list', () => {
    expect(upgradesFrom(OFFERED, '1.33.2')).toEqual(['1.33.5', '1.34.1']);
    expect(upgradesFrom(OFFERED, '1.33.5')).toEqual([]);
    expect(upgradesFrom(OFFERED, '1.32.9')).toBeUndefined();
  });
});

describe('offeredPatches', () => {
  it('lists every patch of every minor', () => {
    expect(offeredPatches(OFFERED)).toEqual(['1.33.2', '1.33.5', '1.34.1']);
  });
});
