// What reconciler unit tests share: a fake Azure, fake API-server stores for both kinds, a manual
// clock, recorded events, and the controller context wired from them.
import type { ManagedCluster, NodePool } from '../../api/index.js';
import { FakeAzure } from '../../azure/testing/index.js';
import { ManualClock, silentLogger } from '../../runtime/index.js';
import { FakeEventRecorder } from '../../runtime/testing/index.js';
import { AzureAccessResolver, EVERY_NAMESPACE, type SecretReader } from '../shared/azure-access.js';
import type { ControllerContext } from '../shared/controller-context.js';
import { FakeObjectStore } from './fake-object-store.js';

export const POLL_MS = 1_000;

export interface ReconcilerKit {
  azure: FakeAzure;
  clusters: FakeObjectStore<ManagedCluster>;
  pools: FakeObjectStore<NodePool>;
  clock: ManualClock;
  events: FakeEventRecorder;
  secrets: Map<string, Record<string, string>>;
  ctx: ControllerContext;
  /** Azure calls made so far, by operation name, and only the writes. */
  calls(): string[];
  writes(): string[];
}

const READS =
  /\.(get|list|getUpgradeProfile|listAdminCredential|listUserCredential|listKubernetesVersions|availableVersions|poll)$/;

export function reconcilerKit(): ReconcilerKit {
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 10, 0, 0));
  const azure = new FakeAzure({ now: () => new Date(clock.now()) });
  azure.state.pollsToComplete = 1;
  const events = new FakeEventRecorder();
  const secrets = new Map<string, Record<string, string>>();
  const reader: SecretReader = { read: async (ns, name) => secrets.get(`${ns}/${name}`) };
  const ctx: ControllerContext = {
    clock,
    logger: silentLogger,
    events,
    access: new AzureAccessResolver(reader, { operatorIdentityNamespaces: [EVERY_NAMESPACE] }),
    azure: () => azure,
    pollIntervalMs: POLL_MS,
  };
  const calls = (): string[] => azure.state.callsOf().map((c) => c.operation);
  return {
    azure,
    clusters: new FakeObjectStore<ManagedCluster>({
      group: 'aks.lifecycle.dev',
      version: 'v1alpha1',
      plural: 'managedclusters',
    }),
    pools: new FakeObjectStore<NodePool>({
      group: 'aks.lifecycle.dev',
      version: 'v1alpha1',
      plural: 'nodepools',
    }),
    clock,
    events,
    secrets,
    ctx,
    calls,
    writes: () => calls().filter((op) => !READS.test(op)),
  };
}
