// Which NodePool may serve as another's standby: one that exists, is not the pool itself, belongs to the
// same cluster and runs workloads (User mode).
import type { NodePool } from '../../api/index.js';

/** Why the pool named by spec.standby.poolRef cannot serve as standby, or undefined when it can. */
export function standbyProblem(np: NodePool, standby: NodePool | undefined): string | undefined {
  const name = np.spec.standby?.poolRef?.name ?? '';
  if (!standby) return `standby pool ${name} does not exist`;
  if (standby.metadata.name === np.metadata.name) return 'a pool cannot be its own standby';
  if (standby.spec.clusterRef.name !== np.spec.clusterRef.name)
    return `standby pool ${name} belongs to cluster ${standby.spec.clusterRef.name}, not ${np.spec.clusterRef.name}`;
  if (standby.spec.mode === 'System') return `standby pool ${name} is a System pool; name a User pool`;
  return undefined;
}
