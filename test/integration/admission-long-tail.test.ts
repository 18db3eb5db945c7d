// Admission of the long-tail AKS settings by a real kube-apiserver 1.35 (no operator, no simulator): the
// generated CRDs accept a cluster and a pool declaring every long-tail section, refuse the combinations AKS
// refuses with a message saying what to change, and refuse changing what AKS fixes at creation.
import { ApiException, CustomObjectsApi } from '@kubernetes/client-node';
import { API_VERSION, GROUP, Kind, Plural, VERSION } from '../../src/api/index.js';
import { applyCrds } from '../support/crds.js';
import { createTestNamespace, type TestNamespace } from '../support/namespace.js';
import { managementKubeConfig } from '../support/world.js';

// Objects are built loosely (some are meant to be wrong) and checked by the apiserver, not by tsc.
type Obj = { apiVersion: string; kind: Kind; metadata: { name: string }; spec: Record<string, unknown> };

let api: CustomObjectsApi;
let ns: TestNamespace;

beforeAll(async () => {
  const kc = managementKubeConfig();
  api = kc.makeApiClient(CustomObjectsApi);
  await applyCrds(kc);
  ns = await createTestNamespace(kc, 'admission-tail');
});

afterAll(async () => {
  await ns?.delete();
});

const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-fleet/providers';
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFleet ops@example';

const cluster = (name: string): Obj => ({
  apiVersion: API_VERSION,
  kind: Kind.ManagedCluster,
  metadata: { name },
  spec: {
    resourceGroup: 'rg-fleet',
    location: 'westeurope',
    kubernetesVersion: '1.33',
    systemPool: { vmSize: 'Standard_D4s_v5', azureName: 'system', count: 3 },
    sku: { tier: 'Standard' },
    autoScalerProfile: {
      'scan-interval': '20s',
      expander: 'priority',
      'skip-nodes-with-system-pods': 'false',
    },
    workloadAutoScalerProfile: { keda: { enabled: true }, verticalPodAutoscaler: { enabled: false } },
    azureMonitorProfile: { metrics: { enabled: true } },
    metricsProfile: { costAnalysis: { enabled: true } },
    ingressProfile: {
      webAppRouting: { enabled: true, dnsZoneResourceIds: [`${RG}/Microsoft.Network/dnszones/a.example`] },
    },
    serviceMeshProfile: { mode: 'Istio', istio: { revisions: ['asm-1-25'] } },
    storageProfile: { blobCSIDriver: { enabled: true } },
    nodeResourceGroup: 'nodes-c1',
    nodeResourceGroupProfile: { restrictionLevel: 'ReadOnly' },
    linuxProfile: { adminUsername: 'fleetops', ssh: { publicKeys: [{ keyData: SSH_KEY }] } },
    windowsProfile: { adminUsername: 'winops', licenseType: 'Windows_Server' },
    httpProxyConfig: { httpsProxy: 'http://proxy.example:3129/', noProxy: ['.internal'] },
    addons: { azurePolicy: { enabled: true } },
  },
});

const pool = (name: string): Obj => ({
  apiVersion: API_VERSION,
  kind: Kind.NodePool,
  metadata: { name },
  spec: {
    clusterRef: { name: 'c1' },
    vmSize: 'Standard_NC24ads_A100_v4',
    count: 1,
    kubeletConfig: { cpuManagerPolicy: 'static', imageGcHighThreshold: 85, imageGcLowThreshold: 80 },
    linuxOSConfig: { sysctls: { vmMaxMapCount: 262144 }, transparentHugePageEnabled: 'never' },
    enableFIPS: true,
    kubeletDiskType: 'Temporary',
    workloadRuntime: 'OCIContainer',
    gpuInstanceProfile: 'MIG3g',
    enableNodePublicIP: true,
    nodePublicIPPrefixID: `${RG}/Microsoft.Network/publicIPPrefixes/p1`,
    networkProfile: { allowedHostPorts: [{ portStart: 80, portEnd: 81, protocol: 'TCP' }] },
    proximityPlacementGroupID: `${RG}/Microsoft.Compute/proximityPlacementGroups/g1`,
    capacityReservationGroupID: `${RG}/Microsoft.Compute/capacityReservationGroups/r1`,
    scaleDownMode: 'Deallocate',
  },
});

function target(kind: Kind) {
  return { group: GROUP, version: VERSION, plural: Plural[kind], namespace: ns.name };
}

async function create(o: Obj, options: { dryRun?: boolean } = {}): Promise<Obj> {
  return (await api.createNamespacedCustomObject({
    ...target(o.kind),
    body: o,
    dryRun: options.dryRun ? 'All' : undefined,
  })) as Obj;
}

/** The apiserver's refusal message, or a failure if the request was accepted. */
async function refusal(request: Promise<unknown>): Promise<string> {
  try {
    await request;
  } catch (err: unknown) {
    if (err instanceof ApiException) {
      expect(err.code).toBe(422);
      const body: unknown = typeof err.body === 'string' ? JSON.parse(err.body) : err.body;
      return (body as { message?: string }).message ?? '';
    }
    throw err;
  }
  throw new Error('the apiserver accepted the object');
}

type Case = [name: string, build: () => Obj, fragment: string];

const badInputs: Case[] = [
  [
    'cost analysis without the Standard or Premium tier',
    () => {
      const o = cluster('c1');
      delete o.spec.sku;
      return o;
    },
    'metricsProfile.costAnalysis needs the Standard or Premium tier',
  ],
  [
    'Istio settings with the mesh disabled',
    () => {
      const o = cluster('c1');
      o.spec.serviceMeshProfile = { mode: 'Disabled', istio: { revisions: ['asm-1-25'] } };
      return o;
    },
    'serviceMeshProfile.istio needs mode: Istio',
  ],
  [
    'a Windows admin name AKS disallows',
    () => {
      const o = cluster('c1');
      o.spec.windowsProfile = { adminUsername: 'Administrator' };
      return o;
    },
    'windowsProfile.adminUsername is one of the names AKS disallows',
  ],
  [
    'an SSH key that is not an OpenSSH public key',
    () => {
      const o = cluster('c1');
      o.spec.linuxProfile = { adminUsername: 'ops', ssh: { publicKeys: [{ keyData: 'not a key' }] } };
      return o;
    },
    'keyData',
  ],
  [
    'a node public IP prefix without node public IPs',
    () => {
      const o = pool('p1');
      delete o.spec.enableNodePublicIP;
      return o;
    },
    'nodePublicIPPrefixID needs enableNodePublicIP: true',
  ],
  [
    'scale-down mode Deallocate on Spot VMs',
    () => {
      const o = pool('p1');
      Object.assign(o.spec, { vmSize: 'Standard_D4s_v5', scaleSetPriority: 'Spot' });
      delete o.spec.gpuInstanceProfile;
      return o;
    },
    'scaleDownMode: Deallocate is not supported for Spot pools',
  ],
  [
    'a GPU instance profile on a size without MIG GPUs',
    () => {
      const o = pool('p1');
      o.spec.vmSize = 'Standard_NC6s_v3';
      return o;
    },
    'gpuInstanceProfile needs a VM size with MIG-capable GPUs',
  ],
  [
    'a Linux OS config on a Windows pool',
    () => {
      const o = pool('p1');
      Object.assign(o.spec, { osType: 'Windows', vmSize: 'Standard_D4s_v5' });
      delete o.spec.gpuInstanceProfile;
      return o;
    },
    'linuxOSConfig is for Linux pools',
  ],
  [
    'an image GC low threshold above the high one',
    () => {
      const o = pool('p1');
      o.spec.kubeletConfig = { imageGcHighThreshold: 70, imageGcLowThreshold: 80 };
      return o;
    },
    'kubeletConfig.imageGcLowThreshold must not exceed imageGcHighThreshold',
  ],
  [
    'a Windows profile on a Linux pool',
    () => {
      const o = pool('p1');
      o.spec.windowsProfile = { disableOutboundNat: true };
      return o;
    },
    'windowsProfile is for Windows pools',
  ],
  [
    'pod sandboxing without Azure Linux',
    () => {
      const o = pool('p1');
      Object.assign(o.spec, { vmSize: 'Standard_D4s_v5', workloadRuntime: 'KataVmIsolation' });
      delete o.spec.gpuInstanceProfile;
      return o;
    },
    'workloadRuntime: KataVmIsolation (pod sandboxing) runs on Azure Linux only',
  ],
  [
    'an unsafe sysctl AKS does not let pods set',
    () => {
      const o = pool('p1');
      o.spec.kubeletConfig = { allowedUnsafeSysctls: ['vm.swappiness'] };
      return o;
    },
    'allowedUnsafeSysctls entries must be kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.* or net.*',
  ],
  [
    'public and private DNS zones together for application routing',
    () => {
      const o = cluster('c1');
      o.spec.ingressProfile = {
        webAppRouting: {
          enabled: true,
          dnsZoneResourceIds: [
            `${RG}/Microsoft.Network/dnszones/a.example`,
            `${RG}/Microsoft.Network/privateDnsZones/b.internal`,
          ],
        },
      };
      return o;
    },
    'dnsZoneResourceIds must be all public or all private DNS zones',
  ],
];

describe('admission of the long-tail settings', () => {
  it('accepts a cluster and a pool declaring every long-tail section, with no default added', async () => {
    const mc = await create(cluster('c1'), { dryRun: true });
    expect(mc.spec).toEqual(cluster('c1').spec);
    const np = await create(pool('p1'), { dryRun: true });
    expect(np.spec).toMatchObject(pool('p1').spec);
  });

  it.each(badInputs)('refuses %s', async (_name, build, fragment) => {
    expect(await refusal(create(build(), { dryRun: true }))).toContain(fragment);
  });

  it.each<[string, Kind, (o: Obj) => void, string]>([
    [
      'the node resource group',
      Kind.ManagedCluster,
      (o) => (o.spec.nodeResourceGroup = 'other'),
      'nodeResourceGroup is immutable',
    ],
    [
      'the Linux admin user',
      Kind.ManagedCluster,
      (o) => ((o.spec.linuxProfile as { adminUsername: string }).adminUsername = 'other'),
      'linuxProfile.adminUsername is immutable',
    ],
    ['the FIPS image', Kind.NodePool, (o) => (o.spec.enableFIPS = false), 'enableFIPS is immutable'],
    [
      'the kubelet config',
      Kind.NodePool,
      (o) => (o.spec.kubeletConfig = { cpuManagerPolicy: 'none' }),
      'kubeletConfig is immutable',
    ],
    [
      'the GPU partitioning',
      Kind.NodePool,
      (o) => (o.spec.gpuInstanceProfile = 'MIG1g'),
      'gpuInstanceProfile is immutable',
    ],
  ])('refuses changing %s after creation', async (what, kind, mutate, fragment) => {
    const name = what.replace(/[^a-z]/g, '').slice(0, 12);
    const created = await create(kind === Kind.ManagedCluster ? cluster(name) : pool(name));
    mutate(created);
    const replaced = api.replaceNamespacedCustomObject({ ...target(kind), name, body: created });
    expect(await refusal(replaced)).toContain(fragment);
  });

  it('lets an existing cluster declare its node resource group later, to own the one Azure has', async () => {
    const o = cluster('laterrg');
    delete o.spec.nodeResourceGroup;
    const created = await create(o);
    created.spec.nodeResourceGroup = 'MC_rg-fleet_laterrg_westeurope';
    await api.replaceNamespacedCustomObject({
      ...target(Kind.ManagedCluster),
      name: 'laterrg',
      body: created,
    });
  });

  it('lets the scale-down mode and host ports change after creation', async () => {
    const created = await create(pool('mutable'));
    Object.assign(created.spec, {
      scaleDownMode: 'Delete',
      networkProfile: { applicationSecurityGroups: [] },
    });
    await api.replaceNamespacedCustomObject({ ...target(Kind.NodePool), name: 'mutable', body: created });
  });
});
