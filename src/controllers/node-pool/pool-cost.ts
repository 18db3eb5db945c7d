// A NodePool's cost in status, from list prices: its VM size for its OS and priority × the nodes Azure
// runs, with their managed OS disks (AKS's default type when none is declared); in a stopped cluster (or a
// stopped pool) only the disks.
import { Kind, type ManagedCluster, type NodePool, type NodePoolStatus } from '../../api/index.js';
import { DEFAULT_OS_DISK_GB, poolShapeOf } from '../../cost/index.js';
import type { ControllerContext } from '../shared/controller-context.js';
import { costObject, reportCost } from '../shared/cost-report.js';
import type { StatusReport } from '../shared/status-report.js';
import { vmSizeFacts } from '../shared/vm-sizes.js';

export async function reportPoolCost(o: {
  ctx: ControllerContext;
  np: NodePool;
  cluster: ManagedCluster | undefined;
  report: StatusReport<NodePoolStatus>;
  signal: AbortSignal;
}): Promise<void> {
  const { ctx, np, cluster, report } = o;
  const s = report.draft;
  // Priced once Azure has the pool, in the region its cluster names.
  if (!ctx.cost || !cluster || !s.azureResourceID) return;
  const isStopped = s.powerState === 'Stopped' || cluster.status?.powerState === 'Stopped';
  const nodes = isStopped ? 0 : (s.nodes?.desired ?? np.spec.count ?? np.spec.autoscaling?.minCount ?? 0);
  const shape = poolShapeOf({ ...np.spec, osDiskType: osDiskTypeOf(np) }, nodes);
  if (!shape) return;
  const answer = await reportCost({
    ctx,
    current: s.cost,
    question: {
      region: cluster.spec.location,
      pools: [shape],
      ...(cluster.spec.cost?.discountPercent ? { discountPercent: cluster.spec.cost.discountPercent } : {}),
    },
    isStopped,
    object: costObject(Kind.NodePool, np.metadata),
    series: {
      namespace: np.metadata.namespace ?? '',
      cluster: np.spec.clusterRef.name,
      pool: np.metadata.name ?? '',
    },
    signal: o.signal,
  });
  if (answer && 'cost' in answer) s.cost = answer.cost;
}

/** The declared OS disk type, else AKS's default: ephemeral when the VM's cache holds the disk. */
function osDiskTypeOf(np: NodePool): string | undefined {
  if (np.spec.osDiskType) return np.spec.osDiskType;
  const cacheGiB = vmSizeFacts(np.spec.vmSize)?.cacheGiB ?? 0;
  return cacheGiB >= (np.spec.osDiskSizeGB ?? DEFAULT_OS_DISK_GB) ? 'Ephemeral' : 'Managed';
}
