import type { NodePoolSnapshotStatus } from '../../api/index.js';
import {
  checkSnapshotCompatibility,
  SnapshotRefusalReason,
  SnapshotUse,
  type SnapshotCompatibilityInput,
} from './compatibility.js';

const image = (stamp: string) => `AKSUbuntu-2204gen2containerd-${stamp}`;
const readyCondition = {
  type: 'Ready',
  status: 'True' as const,
  reason: 'UpToDate',
  message: '',
  lastTransitionTime: '2026-01-01T00:00:00Z',
};

function snapshot(overrides: Partial<NodePoolSnapshotStatus> = {}): NodePoolSnapshotStatus {
  return {
    conditions: [readyCondition],
    azureResourceID:
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/snapshots/snap1',
    kubernetesVersion: '1.33.2',
    nodeImageVersion: image('202601.09.0'),
    vmSize: 'Standard_D4s_v3',
    osType: 'Linux',
    osSku: 'Ubuntu',
    ...overrides,
  };
}

const input = (overrides: Partial<SnapshotCompatibilityInput>): SnapshotCompatibilityInput => ({
  snapshot: snapshot(),
  snapshotName: 'snap1',
  vmSize: 'Standard_D8s_v3',
  ...overrides,
});

describe('checkSnapshotCompatibility', () => {
  it.each<[string, Partial<SnapshotCompatibilityInput>, SnapshotUse]>([
    ['creates a new pool of the same family from the snapshot', {}, SnapshotUse.Create],
    [
      'upgrades Kubernetes and the image when the snapshot is newer in both',
      { currentOrchestratorVersion: '1.32.5', nodeImageVersion: image('202512.01.0') },
      SnapshotUse.KubernetesUpgrade,
    ],
    [
      'upgrades only the node image when the Kubernetes version is the same',
      { currentOrchestratorVersion: '1.33.2', nodeImageVersion: image('202512.01.0') },
      SnapshotUse.NodeImageUpgrade,
    ],
    [
      'has nothing to do for a pool already running the snapshot',
      { currentOrchestratorVersion: '1.33.2', nodeImageVersion: image('202601.09.0') },
      SnapshotUse.None,
    ],
    [
      'leaves the image to Azure when the pool reports none',
      { currentOrchestratorVersion: '1.32.5' },
      SnapshotUse.KubernetesUpgrade,
    ],
    [
      'accepts the older DS naming of the same family',
      { vmSize: 'Standard_DS3_v2', snapshot: snapshot({ vmSize: 'Standard_D2s_v2' }) },
      SnapshotUse.Create,
    ],
    ['leaves VM sizes it cannot read to Azure', { vmSize: 'Custom_Size' }, SnapshotUse.Create],
  ])('%s', (_what, overrides, use) => {
    expect(checkSnapshotCompatibility(input(overrides))).toEqual({ ok: true, use });
  });

  it.each<[string, Partial<SnapshotCompatibilityInput>, SnapshotRefusalReason]>([
    [
      'refuses a snapshot object that does not exist',
      { snapshot: undefined },
      SnapshotRefusalReason.SnapshotNotReady,
    ],
    [
      'refuses a snapshot that is not Ready',
      { snapshot: snapshot({ conditions: [{ ...readyCondition, status: 'False' }] }) },
      SnapshotRefusalReason.SnapshotNotReady,
    ],
    [
      'refuses a snapshot without an Azure ID',
      { snapshot: snapshot({ azureResourceID: undefined }) },
      SnapshotRefusalReason.SnapshotNotReady,
    ],
    [
      'refuses a snapshot that captured no node image',
      { snapshot: snapshot({ nodeImageVersion: undefined }) },
      SnapshotRefusalReason.SnapshotNotReady,
    ],
    [
      'refuses another VM series',
      { vmSize: 'Standard_E4s_v3' },
      SnapshotRefusalReason.SnapshotVMFamilyMismatch,
    ],
    [
      'refuses another version of the series',
      { vmSize: 'Standard_D4s_v5' },
      SnapshotRefusalReason.SnapshotVMFamilyMismatch,
    ],
    [
      'refuses a family mismatch even for an existing pool',
      {
        vmSize: 'Standard_F8s_v2',
        currentOrchestratorVersion: '1.32.0',
        nodeImageVersion: image('202501.01.0'),
      },
      SnapshotRefusalReason.SnapshotVMFamilyMismatch,
    ],
    [
      'refuses a snapshot of an older Kubernetes version',
      { currentOrchestratorVersion: '1.34.1', nodeImageVersion: image('202512.01.0') },
      SnapshotRefusalReason.SnapshotOlderThanPool,
    ],
    [
      'refuses a snapshot of an older patch',
      { currentOrchestratorVersion: '1.33.3' },
      SnapshotRefusalReason.SnapshotOlderThanPool,
    ],
    [
      'refuses a snapshot whose node image is older than the pool',
      { currentOrchestratorVersion: '1.33.2', nodeImageVersion: image('202602.01.0') },
      SnapshotRefusalReason.SnapshotOlderThanPool,
    ],
    [
      'refuses a newer Kubernetes version with the same node image (AKS wants both newer)',
      { currentOrchestratorVersion: '1.32.5', nodeImageVersion: image('202601.09.0') },
      SnapshotRefusalReason.SnapshotOlderThanPool,
    ],
  ])('%s', (_what, overrides, reason) => {
    const result = checkSnapshotCompatibility(input(overrides));
    expect(result).toMatchObject({ ok: false, reason });
  });

  it('names both families and what to change in a family refusal', () => {
    const result = checkSnapshotCompatibility(input({ vmSize: 'Standard_E4s_v3' }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(
      /Standard_D4s_v3 \(family Dsv3\).*Standard_E4s_v3 \(family Esv3\)/,
    );
  });
});
