// status.availableUpgrades: the versions AKS offers as the next control-plane upgrade. Looked up again
// only when the running version changed, in the region's list every cluster there shares, so neither
// steady state nor a fleet converging reads an upgrade profile per cluster.
import type * as Arm from '@azure/arm-containerservice';
import type { ManagedCluster, ManagedClusterStatus } from '../../api/index.js';
import type { Logger } from '../../runtime/index.js';
import type { StatusReport } from '../shared/status-report.js';
import type { ExternalManagedCluster } from './external.js';

export interface UpgradesInput {
  mc: ManagedCluster;
  observed: Arm.ManagedCluster | undefined;
  report: StatusReport<ManagedClusterStatus>;
  ext: ExternalManagedCluster;
  id: string;
  logger: Logger;
  signal: AbortSignal;
}

export async function refreshUpgrades(input: UpgradesInput): Promise<void> {
  const { mc, observed } = input;
  const running = observed?.currentKubernetesVersion;
  if (!running) return;
  if (mc.status?.availableUpgrades && mc.status.currentKubernetesVersion === running) return;
  try {
    const location = observed.location ?? mc.spec.location;
    const upgrades = await input.ext.availableUpgrades(input.id, { location, from: running }, input.signal);
    if (upgrades) input.report.draft.availableUpgrades = upgrades;
  } catch (err: unknown) {
    // Advisory: a failed read leaves the previous list and is retried on a later pass.
    input.logger.debug({ err }, 'cannot read the upgrade profile');
  }
}
