// Building pool records from the pools a request declares (cluster create, agentPools PUT):
// defaults, ephemeral-disk and version rules, snapshots, and the initial node image.
import { randomUUID } from 'node:crypto';
import { aksErrors } from '../aks-errors.js';
import { checkEncryptionAtHost } from '../encryption-at-host.js';
import { str, type JsonObject } from '../json.js';
import { checkEphemeralDisk, poolSpecFromRequest } from '../pool-model.js';
import { checkPoolSettings } from '../pool-settings.js';
import { newSystemData, type PoolRecord } from '../resource-store.js';
import type { SimContext } from '../sim-context.js';
import { assertSameFamily, snapshotOf } from '../snapshot-rules.js';
import { checkPoolVersion, resolvePoolVersion } from '../version-rules.js';

const POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

export interface NewPoolInput {
  name: string;
  props: JsonObject;
  location: string;
  /** The control plane version the pool must fit under. */
  controlPlaneVersion: string;
  defaultMode: 'System' | 'User';
}

/** A new pool record in `Creating` state. Throws the AKS error for any rule the request breaks. */
export function newPoolRecord(ctx: SimContext, input: NewPoolInput): PoolRecord {
  if (!POOL_NAME.test(input.name)) throw aksErrors.invalidParameter('agentPoolProfile.name');
  const spec = poolSpecFromRequest(input.props, { vmSizes: ctx.vmSizes, defaultMode: input.defaultMode });
  checkEphemeralDisk(spec, ctx.vmSizes);
  checkEncryptionAtHost(spec, ctx.vmSizes);
  checkPoolSettings(spec);
  const snapshot = snapshotOf(ctx, spec);
  if (snapshot) assertSameFamily(ctx, snapshot, str(spec, 'vmSize') ?? '');
  const requested =
    str(spec, 'orchestratorVersion') ||
    (snapshot ? str(snapshot.properties, 'kubernetesVersion') : undefined);
  const version = resolvePoolVersion(ctx.versions, input.location, requested, input.controlPlaneVersion);
  checkPoolVersion({ pool: input.name, controlPlaneVersion: input.controlPlaneVersion, target: version });
  spec.orchestratorVersion = str(spec, 'orchestratorVersion') || version;
  const image =
    (snapshot && str(snapshot.properties, 'nodeImageVersion')) ||
    ctx.nodeImages.latest(str(spec, 'osSKU'), str(spec, 'osType'), ctx.clock.now());
  return {
    name: input.name,
    spec,
    targetVersion: version,
    currentOrchestratorVersion: version,
    nodeImageVersion: image,
    provisioningState: 'Creating',
    powerState: 'Running',
    eTag: randomUUID(),
    systemData: newSystemData(new Date()),
  };
}
