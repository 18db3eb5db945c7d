// What marks an agent pool as a NodePool's: every pool body the NodePool sends (the twin of a
// replacement included) carries its owner tags, and its two alternating names are one resource pair.
import { Kind, type NodePool } from '../../api/index.js';
import { tryParseResourceId } from '../../azure/index.js';
import { withOwnerTags } from '../shared/ownership.js';
import { sameId } from '../shared/resource-anchor.js';
import { alternateName } from './blue-green/names.js';
import { poolAzureName } from './desired.js';
import type { ExternalNodePool } from './external.js';

/** `ext` whose every create or update of a pool carries the NodePool's owner tags. */
export function withPoolOwnerTags(ext: ExternalNodePool, np: NodePool): ExternalNodePool {
  return {
    ...ext,
    createOrUpdate: (id, body, signal, conditions) =>
      ext.createOrUpdate(
        id,
        { ...body, tags: withOwnerTags(body.tags, np, Kind.NodePool) },
        signal,
        conditions,
      ),
  };
}

/** Whether two agent-pool IDs are the NodePool's pair in one cluster (a replacement moved between them). */
export function isSamePair(np: NodePool, a: string, b: string): boolean {
  const ra = tryParseResourceId(a);
  const rb = tryParseResourceId(b);
  if (ra?.kind !== 'agentPool' || rb?.kind !== 'agentPool') return false;
  const clusterOf = (id: string): string => id.slice(0, id.toLowerCase().lastIndexOf('/agentpools/'));
  const names = [poolAzureName(np), alternateName(np)].map((n) => n.toLowerCase());
  return (
    sameId(clusterOf(a), clusterOf(b)) &&
    names.includes(ra.agentPoolName.toLowerCase()) &&
    names.includes(rb.agentPoolName.toLowerCase())
  );
}
