import type { KubeConfig } from '@kubernetes/client-node';
import {
  GROUP,
  Plural,
  VERSION,
  type ManagedCluster,
  type NodePool,
  type NodePoolSnapshot,
} from '../../api/index.js';
import {
  CustomObjectClient,
  Informer,
  kubeListWatch,
  StatusWriter,
  type KubeObject,
} from '../../runtime/index.js';
import type { ControllerContext } from '../shared/controller-context.js';
import { createNodePoolSnapshotController } from './controller.js';
export function check(kc: KubeConfig, ctx: ControllerContext): void {
  const informer = <T extends KubeObject>(plural: string): Informer<T> =>
    new Informer<T>({
      name: plural,
      source: kubeListWatch<T>(kc, { group: GROUP, version: VERSION, plural }),
    });
  const clusters = informer<ManagedCluster & KubeObject>(Plural.ManagedCluster);
  const pools = informer<NodePool & KubeObject>(Plural.NodePool);
  const snapshots = informer<NodePoolSnapshot & KubeObject>(Plural.NodePoolSnapshot);
  const objects = new CustomObjectClient(kc, {
    group: GROUP,
    version: VERSION,
    plural: Plural.NodePoolSnapshot,
  });
  createNodePoolSnapshotController({
    ctx,
    snapshots,
    pools,
    clusters,
    objects,
    statusWriter: new StatusWriter(objects),
    name: 'nodepoolsnapshot/ns',
  });
}
