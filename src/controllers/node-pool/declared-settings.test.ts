import type * as Arm from '@azure/arm-containerservice';
import type { NodePoolSpecInput } from '../../api/index.js';
import { nodePool } from '../testing/objects.js';
import { comparePool } from './compare.js';
import { desiredPoolForCreate, desiredPoolForUpdate } from './desired.js';

const SUB = '/subscriptions/s/resourceGroups/rg1/providers';
const PREFIX = `${SUB}/Microsoft.Network/publicIPPrefixes/nodes`;
const PPG = `${SUB}/Microsoft.Compute/proximityPlacementGroups/ppg1`;
const CRG = `${SUB}/Microsoft.Compute/capacityReservationGroups/crg1`;
const ASG = `${SUB}/Microsoft.Network/applicationSecurityGroups/web`;
const HOSTS = `${SUB}/Microsoft.Compute/hostGroups/hosts1`;

const spec = (extra: Partial<NodePoolSpecInput>) => nodePool({ spec: extra }).spec;
const UPDATE = { isUpgradeAllowed: false };

/** What AKS answers for a pool with its own defaults. */
const observed = (): Arm.AgentPool => ({
  vmSize: 'Standard_D4s_v3',
  count: 3,
  mode: 'User',
  osType: 'Linux',
  orchestratorVersion: '1.33',
  currentOrchestratorVersion: '1.33.4',
  provisioningState: 'Succeeded',
  powerState: { code: 'Running' },
  kubeletDiskType: 'OS',
  enableFips: false,
  enableNodePublicIP: false,
  scaleDownMode: 'Delete',
  workloadRuntime: 'OCIContainer',
  kubeletConfig: { cpuManagerPolicy: 'none', podMaxPids: 1024 },
  networkProfile: { allowedHostPorts: [{ portStart: 80, portEnd: 80, protocol: 'TCP' }] },
});

// Each row: a declared setting, the ARM property it lands on, and the value AKS then reports.
const ROWS: [string, Partial<NodePoolSpecInput>, (b: Arm.AgentPool) => unknown, unknown][] = [
  [
    'kubelet tuning',
    { kubeletConfig: { podMaxPids: 1024, cpuManagerPolicy: 'none' } },
    (b) => b.kubeletConfig?.podMaxPids,
    1024,
  ],
  [
    'Linux sysctls and huge pages',
    { linuxOSConfig: { sysctls: { vmMaxMapCount: 262144 }, transparentHugePageEnabled: 'madvise' } },
    (b) => [b.linuxOSConfig?.sysctls?.vmMaxMapCount, b.linuxOSConfig?.transparentHugePageEnabled],
    [262144, 'madvise'],
  ],
  ['a FIPS image (REST enableFIPS, SDK enableFips)', { enableFIPS: true }, (b) => b.enableFips, true],
  ['the temporary kubelet disk', { kubeletDiskType: 'Temporary' }, (b) => b.kubeletDiskType, 'Temporary'],
  [
    'Kata pod sandboxing',
    { workloadRuntime: 'KataVmIsolation' },
    (b) => b.workloadRuntime,
    'KataVmIsolation',
  ],
  [
    'node public IPs from a prefix',
    { enableNodePublicIP: true, nodePublicIPPrefixID: PREFIX },
    (b) => [b.enableNodePublicIP, b.nodePublicIPPrefixID],
    [true, PREFIX],
  ],
  [
    'a proximity placement group',
    { proximityPlacementGroupID: PPG },
    (b) => b.proximityPlacementGroupID,
    PPG,
  ],
  [
    'a capacity reservation group',
    { capacityReservationGroupID: CRG },
    (b) => b.capacityReservationGroupID,
    CRG,
  ],
  ['deallocating scale down', { scaleDownMode: 'Deallocate' }, (b) => b.scaleDownMode, 'Deallocate'],
  [
    'Trusted Launch (REST enableVTPM, SDK enableVtpm) without SSH',
    { securityProfile: { enableVTPM: true, enableSecureBoot: true, sshAccess: 'Disabled' } },
    (b) => b.securityProfile,
    { enableVtpm: true, enableSecureBoot: true, sshAccess: 'Disabled' },
  ],
  ['Ultra SSD', { enableUltraSSD: true }, (b) => b.enableUltraSSD, true],
  ['a dedicated host group', { hostGroupID: HOSTS }, (b) => b.hostGroupID, HOSTS],
  ['a login message', { messageOfTheDay: 'SGVsbG8=' }, (b) => b.messageOfTheDay, 'SGVsbG8='],
  ['a GPU driver left to the user', { gpuProfile: { driver: 'None' } }, (b) => b.gpuProfile?.driver, 'None'],
  [
    'Windows nodes without outbound NAT',
    { osType: 'Windows', windowsProfile: { disableOutboundNat: true } },
    (b) => b.windowsProfile?.disableOutboundNat,
    true,
  ],
  [
    'host ports and application security groups',
    {
      networkProfile: {
        allowedHostPorts: [{ portStart: 30000, portEnd: 30100, protocol: 'UDP' }],
        applicationSecurityGroups: [ASG],
      },
    },
    (b) => [b.networkProfile?.allowedHostPorts, b.networkProfile?.applicationSecurityGroups],
    [[{ portStart: 30000, portEnd: 30100, protocol: 'UDP' }], [ASG]],
  ],
];

describe('declared pool settings', () => {
  it.each(ROWS)('puts %s in the create body', (_what, extra, read, value) => {
    expect(read(desiredPoolForCreate(spec(extra)))).toEqual(value);
  });

  it.each(ROWS)('finds nothing to change once Azure has %s', (_what, extra) => {
    const s = spec(extra);
    const azure = { ...desiredPoolForCreate(s), ...observed(), ...desiredPoolForCreate(s) };
    expect(comparePool(s, azure).filter((d) => d.path !== 'spec.count')).toEqual([]);
  });

  it('compares nothing the spec leaves out', () => {
    expect(
      comparePool(spec({ count: 3 }), { ...observed(), enableFips: true, scaleDownMode: 'Deallocate' }),
    ).toEqual([]);
  });

  it('keeps the kubelet settings the spec leaves out as Azure has them in the update body', () => {
    const body = desiredPoolForUpdate(spec({ count: 3, scaleDownMode: 'Deallocate' }), observed(), UPDATE);
    expect(body.scaleDownMode).toBe('Deallocate');
    expect(body.kubeletConfig).toEqual(observed().kubeletConfig);
    expect(body.networkProfile).toEqual(observed().networkProfile);
  });

  it('writes back a scale-down mode or host ports changed in Azure', () => {
    const s = spec({
      count: 3,
      scaleDownMode: 'Deallocate',
      networkProfile: { applicationSecurityGroups: [ASG] },
    });
    expect(comparePool(s, observed())).toEqual([
      {
        path: 'spec.networkProfile.applicationSecurityGroups',
        action: 'update',
        azure: 'unset',
        wanted: JSON.stringify([ASG]),
      },
      { path: 'spec.scaleDownMode', action: 'update', azure: 'Delete', wanted: 'Deallocate' },
    ]);
  });

  it("names a Trusted Launch switch changed in Azure by the spec's REST name, as a change to write", () => {
    const s = spec({ count: 3, securityProfile: { enableVTPM: true } });
    const azure = { ...observed(), securityProfile: { enableVtpm: false, sshAccess: 'LocalUser' } };
    expect(comparePool(s, azure)).toEqual([
      { path: 'spec.securityProfile.enableVTPM', action: 'update', azure: 'false', wanted: 'true' },
    ]);
    expect(desiredPoolForUpdate(s, azure, UPDATE).securityProfile).toEqual({
      enableVtpm: true,
      sshAccess: 'LocalUser',
    });
  });

  it('names settings AKS fixes at creation by their spec names, with both values', () => {
    const s = spec({
      count: 3,
      enableFIPS: true,
      kubeletConfig: { podMaxPids: 2048 },
      workloadRuntime: 'WasmWasi',
    });
    expect(comparePool(s, observed())).toEqual([
      { path: 'spec.kubeletConfig.podMaxPids', action: 'immutable', azure: '1024', wanted: '2048' },
      { path: 'spec.enableFIPS', action: 'immutable', azure: 'false', wanted: 'true' },
      { path: 'spec.workloadRuntime', action: 'immutable', azure: 'OCIContainer', wanted: 'WasmWasi' },
    ]);
  });
});
