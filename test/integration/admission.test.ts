// Admission of our four kinds by a real kube-apiserver 1.35 (no operator, no simulator): the generated
// CRDs' structural schema, defaults, enums and CEL rules refuse bad specs with a message saying what to
// change, refuse forbidden updates (immutable fields, downgrades, minor skips), and default valid objects.
import { ApiException, CustomObjectsApi } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { API_VERSION, GROUP, Kind, Plural, VERSION } from '../../src/api/index.js';
import type { ManagedCluster, NodePool, NodePoolSnapshot, UpgradePlan } from '../../src/api/index.js';
import { applyCrds } from '../support/crds.js';
import { createTestNamespace } from '../support/namespace.js';
import type { TestNamespace } from '../support/namespace.js';
import { managementKubeConfig } from '../support/world.js';

// Objects are built loosely (they are meant to be wrong) and checked by the apiserver, not by tsc.
type Obj = { apiVersion: string; kind: Kind; metadata: { name: string }; spec: Record<string, unknown> };

let kc: KubeConfig;
let api: CustomObjectsApi;
let ns: TestNamespace;

beforeAll(async () => {
  kc = managementKubeConfig();
  api = kc.makeApiClient(CustomObjectsApi);
  await applyCrds(kc);
  ns = await createTestNamespace(kc, 'admission');
});

afterAll(async () => {
  await ns?.delete();
});

const SUB = '00000000-0000-0000-0000-000000000001';
const VNET = `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks`;

const cluster = (): Obj => ({
  apiVersion: API_VERSION,
  kind: Kind.ManagedCluster,
  metadata: { name: 'c1' },
  spec: {
    resourceGroup: 'rg-fleet',
    location: 'westeurope',
    kubernetesVersion: '1.30',
    networkProfile: {
      networkPluginMode: 'overlay',
      podCidr: '10.244.0.0/16',
      serviceCidr: '10.0.0.0/16',
      dnsServiceIP: '10.0.0.10',
    },
    apiServerAccessProfile: { enablePrivateCluster: true },
    oidcIssuerProfile: { enabled: true },
    enableRBAC: true,
    diskEncryptionSetID: `/subscriptions/${SUB}/resourceGroups/rg-keys/providers/Microsoft.Compute/diskEncryptionSets/des1`,
    systemPool: { vmSize: 'Standard_D4s_v5' },
  },
});

const pool = (): Obj => ({
  apiVersion: API_VERSION,
  kind: Kind.NodePool,
  metadata: { name: 'user1' },
  spec: { clusterRef: { name: 'c1' }, vmSize: 'Standard_D4s_v5', count: 2, osType: 'Linux' },
});

const snapshot = (): Obj => ({
  apiVersion: API_VERSION,
  kind: Kind.NodePoolSnapshot,
  metadata: { name: 'snap1' },
  spec: { nodePoolRef: { name: 'user1' } },
});

const plan = (): Obj => ({
  apiVersion: API_VERSION,
  kind: Kind.UpgradePlan,
  metadata: { name: 'to-131' },
  spec: {
    target: { kubernetesVersion: '1.31' },
    clusterSelector: { matchLabels: { env: 'dev' } },
    stages: [{ name: 'canary', requireApproval: true }, { name: 'rest' }],
  },
});

const BASE: Record<Kind, () => Obj> = {
  ManagedCluster: cluster,
  NodePool: pool,
  NodePoolSnapshot: snapshot,
  UpgradePlan: plan,
};

function spec(o: Obj, path: string): Record<string, unknown> {
  let at = o.spec;
  for (const key of path.split('.').filter(Boolean)) {
    at[key] ??= {};
    at = at[key] as Record<string, unknown>;
  }
  return at;
}

function target(kind: Kind) {
  return { group: GROUP, version: VERSION, plural: Plural[kind], namespace: ns.name };
}

async function create<T>(o: Obj, options: { dryRun?: boolean } = {}): Promise<T> {
  return (await api.createNamespacedCustomObject({
    ...target(o.kind),
    body: o,
    dryRun: options.dryRun ? 'All' : undefined,
  })) as T;
}

async function replace<T extends { metadata: { name?: string } }>(kind: Kind, obj: T): Promise<T> {
  return (await api.replaceNamespacedCustomObject({
    ...target(kind),
    name: obj.metadata.name ?? '',
    body: obj,
  })) as T;
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

type Case = [name: string, kind: Kind, mutate: (o: Obj) => void, fragment: string];

const badInputs: Case[] = [
  // ManagedCluster
  [
    'refuses a kubernetesVersion that is not major.minor[.patch]',
    'ManagedCluster',
    (o) => {
      o.spec.kubernetesVersion = 'v1.30';
    },
    'kubernetesVersion v1.30 must be major.minor or major.minor.patch',
  ],
  [
    'refuses a pod range overlapping the service range',
    'ManagedCluster',
    (o) => {
      spec(o, 'networkProfile').podCidr = '10.0.0.0/8';
    },
    'podCidr 10.0.0.0/8 and serviceCidr 10.0.0.0/16 overlap',
  ],
  [
    'refuses a service range inside the pod range',
    'ManagedCluster',
    (o) => {
      Object.assign(spec(o, 'networkProfile'), {
        serviceCidr: '10.244.128.0/24',
        dnsServiceIP: '10.244.128.10',
      });
    },
    'overlap: choose ranges that do not contain each other',
  ],
  [
    'refuses a pod range that is not a CIDR',
    'ManagedCluster',
    (o) => {
      spec(o, 'networkProfile').podCidr = '10.244.0.0';
    },
    'podCidr 10.244.0.0 must be a CIDR written as its network address',
  ],
  [
    'refuses a CIDR with host bits set',
    'ManagedCluster',
    (o) => {
      spec(o, 'networkProfile').serviceCidr = '10.0.0.1/16';
    },
    'serviceCidr 10.0.0.1/16 must be a CIDR written as its network address',
  ],
  [
    'refuses a DNS service IP outside the service range',
    'ManagedCluster',
    (o) => {
      spec(o, 'networkProfile').dnsServiceIP = '10.1.0.10';
    },
    'dnsServiceIP 10.1.0.10 must be an address inside serviceCidr 10.0.0.0/16',
  ],
  [
    'refuses the service range network address as DNS service IP',
    'ManagedCluster',
    (o) => {
      spec(o, 'networkProfile').dnsServiceIP = '10.0.0.0';
    },
    'other than its network address',
  ],
  [
    'refuses a service range without a DNS service IP',
    'ManagedCluster',
    (o) => {
      delete spec(o, 'networkProfile').dnsServiceIP;
    },
    'set serviceCidr and dnsServiceIP together',
  ],
  [
    'refuses overlay mode with kubenet',
    'ManagedCluster',
    (o) => {
      spec(o, 'networkProfile').networkPlugin = 'kubenet';
    },
    'networkPluginMode: overlay requires networkPlugin: azure',
  ],
  [
    'refuses a pod range with plain Azure CNI',
    'ManagedCluster',
    (o) => {
      delete spec(o, 'networkProfile').networkPluginMode;
    },
    'podCidr is used only by kubenet and Azure CNI overlay',
  ],
  [
    'refuses a user-assigned identity type without an identity',
    'ManagedCluster',
    (o) => {
      o.spec.identity = { type: 'UserAssigned' };
    },
    'type UserAssigned needs exactly one entry in userAssignedIdentities',
  ],
  [
    'refuses an unknown SKU tier',
    'ManagedCluster',
    (o) => {
      o.spec.sku = { tier: 'Gold' };
    },
    'Unsupported value: "Gold"',
  ],
  [
    'refuses a cluster with neither systemPool nor adoption',
    'ManagedCluster',
    (o) => {
      delete o.spec.systemPool;
    },
    'set systemPool (AKS creates a cluster together with one System pool) or adoption.resourceID',
  ],
  [
    'refuses adopting a cluster from another resource group',
    'ManagedCluster',
    (o) => {
      o.spec.adoption = {
        resourceID:
          '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/other/providers/Microsoft.ContainerService/managedClusters/c1',
      };
    },
    'adoption.resourceID names a different resource group',
  ],
  [
    'refuses a metadata.name AKS cannot use without azureName',
    'ManagedCluster',
    (o) => {
      o.metadata.name = 'team.a.cluster';
    },
    'metadata.name is not a valid AKS cluster name',
  ],
  [
    'refuses a power schedule with no cron',
    'ManagedCluster',
    (o) => {
      o.spec.powerSchedule = { timeZone: 'Europe/Paris' };
    },
    'powerSchedule needs startCron, stopCron or both',
  ],
  [
    'refuses the node-image channel with another node OS channel',
    'ManagedCluster',
    (o) => {
      o.spec.autoUpgradeProfile = { upgradeChannel: 'node-image', nodeOSUpgradeChannel: 'SecurityPatch' };
    },
    'upgradeChannel: node-image requires nodeOSUpgradeChannel: NodeImage',
  ],
  [
    'refuses authorized IP ranges on a private cluster',
    'ManagedCluster',
    (o) => {
      spec(o, 'apiServerAccessProfile').authorizedIPRanges = ['203.0.113.0/24'];
    },
    'authorizedIPRanges are not for private clusters',
  ],
  [
    'refuses an authorized IP range that is neither an address nor a CIDR',
    'ManagedCluster',
    (o) => {
      o.spec.apiServerAccessProfile = { authorizedIPRanges: ['office'] };
    },
    'authorizedIPRanges entries must be IP addresses or CIDRs',
  ],
  [
    'refuses a private DNS zone on a public cluster',
    'ManagedCluster',
    (o) => {
      o.spec.apiServerAccessProfile = { enablePrivateCluster: false, privateDNSZone: 'system' };
    },
    'privateDNSZone is for private clusters only',
  ],
  [
    'refuses a private DNS zone that is not privatelink.<region>.azmk8s.io',
    'ManagedCluster',
    (o) => {
      spec(o, 'apiServerAccessProfile').privateDNSZone =
        `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/example.com`;
    },
    'spec.apiServerAccessProfile.privateDNSZone in body should match',
  ],
  [
    'refuses privateDNSZone none without the public FQDN',
    'ManagedCluster',
    (o) => {
      Object.assign(spec(o, 'apiServerAccessProfile'), {
        privateDNSZone: 'none',
        enablePrivateClusterPublicFQDN: false,
      });
    },
    'privateDNSZone: none leaves only the public FQDN',
  ],
  [
    'refuses an API server subnet without VNet integration',
    'ManagedCluster',
    (o) => {
      spec(o, 'apiServerAccessProfile').subnetId =
        `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/apiserver`;
    },
    'set enableVnetIntegration: true or remove subnetId',
  ],
  [
    'refuses publicNetworkAccess Disabled on a public cluster',
    'ManagedCluster',
    (o) => {
      o.spec.apiServerAccessProfile = { enablePrivateCluster: false };
      o.spec.publicNetworkAccess = 'Disabled';
    },
    'publicNetworkAccess: Disabled leaves a public API server unreachable',
  ],
  [
    'refuses disableLocalAccounts without managed Entra ID',
    'ManagedCluster',
    (o) => {
      o.spec.disableLocalAccounts = true;
    },
    'disableLocalAccounts: true needs managed Entra ID',
  ],
  [
    'refuses the legacy (unmanaged) Entra ID integration',
    'ManagedCluster',
    (o) => {
      o.spec.aadProfile = { managed: false };
    },
    'aadProfile.managed must be true',
  ],
  [
    'refuses Entra ID with Kubernetes RBAC off',
    'ManagedCluster',
    (o) => {
      o.spec.aadProfile = { managed: true };
      o.spec.enableRBAC = false;
    },
    'aadProfile needs Kubernetes RBAC',
  ],
  [
    'refuses an admin group that is not an object ID',
    'ManagedCluster',
    (o) => {
      o.spec.aadProfile = { managed: true, adminGroupObjectIDs: ['platform-admins'] };
    },
    'spec.aadProfile.adminGroupObjectIDs[0] in body should match',
  ],
  [
    'refuses the long-term support plan without the Premium tier',
    'ManagedCluster',
    (o) => {
      o.spec.supportPlan = 'AKSLongTermSupport';
      o.spec.sku = { tier: 'Standard' };
    },
    'supportPlan: AKSLongTermSupport needs the Premium tier',
  ],
  [
    'refuses workload identity without the OIDC issuer',
    'ManagedCluster',
    (o) => {
      o.spec.oidcIssuerProfile = { enabled: false };
      o.spec.securityProfile = { workloadIdentity: { enabled: true } };
    },
    'workload identity needs the OIDC issuer',
  ],
  [
    'refuses Defender monitoring without a Log Analytics workspace',
    'ManagedCluster',
    (o) => {
      o.spec.securityProfile = { defender: { securityMonitoring: { enabled: true } } };
    },
    'Defender security monitoring needs logAnalyticsWorkspaceResourceId',
  ],
  [
    'refuses an image cleaner interval under a day',
    'ManagedCluster',
    (o) => {
      o.spec.securityProfile = { imageCleaner: { enabled: true, intervalHours: 1 } };
    },
    'should be greater than or equal to 24',
  ],
  [
    'refuses cilium network policy without the cilium dataplane',
    'ManagedCluster',
    (o) => {
      Object.assign(spec(o, 'networkProfile'), { networkPlugin: 'azure', networkPolicy: 'cilium' });
    },
    'networkPolicy: cilium needs networkDataplane: cilium',
  ],
  [
    'refuses the cilium dataplane with another network policy',
    'ManagedCluster',
    (o) => {
      Object.assign(spec(o, 'networkProfile'), { networkDataplane: 'cilium', networkPolicy: 'calico' });
    },
    'networkDataplane: cilium enforces policy itself',
  ],
  [
    'refuses an IPv6-only cluster',
    'ManagedCluster',
    (o) => {
      spec(o, 'networkProfile').ipFamilies = ['IPv6'];
    },
    'ipFamilies must include IPv4',
  ],
  [
    'refuses a NAT gateway profile with load balancer egress',
    'ManagedCluster',
    (o) => {
      Object.assign(spec(o, 'networkProfile'), {
        outboundType: 'loadBalancer',
        natGatewayProfile: { managedOutboundIPProfile: { count: 2 } },
      });
    },
    'natGatewayProfile configures the managed NAT gateway only',
  ],
  [
    'refuses a load balancer profile with NAT gateway egress',
    'ManagedCluster',
    (o) => {
      Object.assign(spec(o, 'networkProfile'), {
        outboundType: 'managedNATGateway',
        loadBalancerProfile: { managedOutboundIPs: { count: 2 } },
      });
    },
    'loadBalancerProfile configures outboundType: loadBalancer only',
  ],
  [
    'refuses SNAT ports that are not a multiple of 8',
    'ManagedCluster',
    (o) => {
      spec(o, 'networkProfile').loadBalancerProfile = { allocatedOutboundPorts: 1000 + 1 };
    },
    'allocatedOutboundPorts must be a multiple of 8',
  ],
  [
    'refuses managed and own egress IPs together',
    'ManagedCluster',
    (o) => {
      spec(o, 'networkProfile').loadBalancerProfile = {
        managedOutboundIPs: { count: 1 },
        outboundIPs: {
          publicIPs: [
            {
              id: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/publicIPAddresses/egress1`,
            },
          ],
        },
      };
    },
    'use managedOutboundIPs or outboundIPs, not both',
  ],
  [
    'refuses a disk encryption set ID of another resource type',
    'ManagedCluster',
    (o) => {
      o.spec.diskEncryptionSetID = `/subscriptions/${SUB}/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/kv1`;
    },
    'spec.diskEncryptionSetID in body should match',
  ],
  [
    'refuses a System pool whose pod subnet is in another VNet than its node subnet',
    'ManagedCluster',
    (o) => {
      Object.assign(spec(o, 'systemPool'), {
        vnetSubnetID: `${VNET}/prod/subnets/system`,
        podSubnetID: `${VNET}/other/subnets/pods`,
      });
    },
    'podSubnetID and vnetSubnetID must be subnets of the same VNet',
  ],
  // NodePool
  [
    'refuses a pool with neither count nor autoscaling',
    'NodePool',
    (o) => {
      delete o.spec.count;
    },
    'set count (a fixed size) or autoscaling',
  ],
  [
    'refuses a count outside the autoscaling range',
    'NodePool',
    (o) => {
      Object.assign(o.spec, { count: 9, autoscaling: { minCount: 1, maxCount: 5 } });
    },
    'count must lie within autoscaling.minCount..maxCount',
  ],
  [
    'refuses minCount above maxCount',
    'NodePool',
    (o) => {
      o.spec.autoscaling = { minCount: 6, maxCount: 5 };
    },
    'autoscaling.minCount must not exceed autoscaling.maxCount',
  ],
  [
    'refuses a malformed taint',
    'NodePool',
    (o) => {
      o.spec.nodeTaints = ['dedicated=gpu:NoSchedule', 'gpu:Sometimes'];
    },
    'nodeTaints entry gpu:Sometimes must be key=value:Effect',
  ],
  [
    'refuses maxPods above 250',
    'NodePool',
    (o) => {
      o.spec.maxPods = 300;
    },
    'spec.maxPods: Invalid value: 300: spec.maxPods in body should be less than or equal to 250',
  ],
  [
    'refuses a Spot System pool',
    'NodePool',
    (o) => {
      Object.assign(o.spec, { mode: 'System', scaleSetPriority: 'Spot' });
    },
    'Spot pools must be mode: User',
  ],
  [
    'refuses spot settings on a Regular pool',
    'NodePool',
    (o) => {
      o.spec.spot = { evictionPolicy: 'Deallocate' };
    },
    'spot settings need scaleSetPriority: Spot',
  ],
  [
    'refuses a spot max price of 0',
    'NodePool',
    (o) => {
      Object.assign(o.spec, { scaleSetPriority: 'Spot', spot: { maxPrice: 0 } });
    },
    'spot.maxPrice must be -1 (up to on-demand) or above 0',
  ],
  [
    'refuses an Azure pool name AKS rejects',
    'NodePool',
    (o) => {
      o.spec.azureName = 'User_1';
    },
    'spec.azureName in body should match',
  ],
  [
    'refuses a Windows pool name longer than 6',
    'NodePool',
    (o) => {
      Object.assign(o.spec, { osType: 'Windows', azureName: 'winpool' });
    },
    'Windows pool names are at most 6 characters',
  ],
  [
    'refuses a Windows System pool',
    'NodePool',
    (o) => {
      Object.assign(o.spec, { osType: 'Windows', azureName: 'win1', mode: 'System' });
    },
    'Windows pools must be mode: User',
  ],
  [
    'refuses a Windows osSKU on a Linux pool',
    'NodePool',
    (o) => {
      o.spec.osSKU = 'Windows2022';
    },
    'osSKU does not match osType',
  ],
  [
    'refuses a maxSurge of 0% without a maxUnavailable above 0',
    'NodePool',
    (o) => {
      o.spec.upgradeSettings = { maxSurge: '0%', maxUnavailable: 0 };
    },
    'maxSurge 0 needs maxUnavailable above 0',
  ],
  [
    'refuses a maxUnavailable above 100%',
    'NodePool',
    (o) => {
      o.spec.upgradeSettings = { maxUnavailable: '101%' };
    },
    'maxUnavailable must be a node count from 0 to 1000 or a percentage from 0% to 100%',
  ],
  [
    'refuses a node subnet that is not a subnet ID',
    'NodePool',
    (o) => {
      o.spec.vnetSubnetID = `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/prod`;
    },
    'vnetSubnetID must be a subnet ID',
  ],
  [
    'refuses a pod subnet without a node subnet',
    'NodePool',
    (o) => {
      o.spec.podSubnetID = `${VNET}/prod/subnets/pods`;
    },
    'podSubnetID needs vnetSubnetID',
  ],
  [
    'refuses node and pod subnets of two VNets',
    'NodePool',
    (o) => {
      Object.assign(o.spec, {
        vnetSubnetID: `${VNET}/prod/subnets/nodes`,
        podSubnetID: `${VNET}/other/subnets/pods`,
      });
    },
    'podSubnetID and vnetSubnetID must be subnets of the same VNet',
  ],
  [
    'refuses one subnet for both nodes and pods',
    'NodePool',
    (o) => {
      Object.assign(o.spec, {
        vnetSubnetID: `${VNET}/prod/subnets/nodes`,
        podSubnetID: `${VNET}/Prod/subnets/Nodes`,
      });
    },
    'podSubnetID must differ from vnetSubnetID',
  ],
  [
    "refuses tags named like the operator's own",
    'NodePool',
    (o) => {
      o.spec.tags = { 'AKS-Lifecycle-Owner': 'NodePool/x/y' };
    },
    'tags cannot set aks-lifecycle-owner',
  ],
  [
    'refuses a drain timeout of 0 minutes',
    'NodePool',
    (o) => {
      o.spec.upgradeSettings = { drainTimeoutInMinutes: 0 };
    },
    'drainTimeoutInMinutes in body should be greater than or equal to 1',
  ],
  [
    'refuses a node soak above 30 minutes',
    'NodePool',
    (o) => {
      o.spec.upgradeSettings = { nodeSoakDurationInMinutes: 31 };
    },
    'nodeSoakDurationInMinutes in body should be less than or equal to 30',
  ],
  [
    'refuses node labels under the reserved AKS prefix',
    'NodePool',
    (o) => {
      o.spec.nodeLabels = { 'kubernetes.azure.com/role': 'x' };
    },
    'nodeLabels cannot use the kubernetes.azure.com/ prefix',
  ],
  [
    'refuses stopping a System pool',
    'NodePool',
    (o) => {
      Object.assign(o.spec, { mode: 'System', powerState: 'Stopped' });
    },
    'System pools cannot be stopped',
  ],
  [
    'refuses a pinned snapshot image on a Latest pool',
    'NodePool',
    (o) => {
      o.spec.nodeImage = { snapshotRef: { name: 'snap1' } };
    },
    'nodeImage.snapshotRef needs policy: Pinned',
  ],
  [
    'refuses standby without the pool it scales out',
    'NodePool',
    (o) => {
      o.spec.standby = { pendingPodThresholdSeconds: 60 };
    },
    'spec.standby.poolRef: Required value',
  ],
  // NodePoolSnapshot
  [
    'refuses a snapshot with two sources',
    'NodePoolSnapshot',
    (o) => {
      o.spec.sourceResourceID =
        '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c/agentPools/p';
    },
    'set exactly one of nodePoolRef (a NodePool) or sourceResourceID',
  ],
  [
    'refuses a snapshot with no source',
    'NodePoolSnapshot',
    (o) => {
      delete o.spec.nodePoolRef;
    },
    'set exactly one of nodePoolRef (a NodePool) or sourceResourceID',
  ],
  // UpgradePlan
  [
    'refuses a target naming two things',
    'UpgradePlan',
    (o) => {
      o.spec.target = { kubernetesVersion: '1.31', nodeImageOnly: true };
    },
    'target needs exactly one of kubernetesVersion, nodeImageOnly: true, snapshotRef or specChanges: true',
  ],
  [
    'refuses repeated stage names',
    'UpgradePlan',
    (o) => {
      o.spec.stages = [{ name: 'canary' }, { name: 'canary' }];
    },
    'stage names must be unique',
  ],
  [
    'refuses a stage concurrency of 0',
    'UpgradePlan',
    (o) => {
      o.spec.stages = [{ name: 'canary', maxConcurrency: 0 }];
    },
    'maxConcurrency in body should be greater than or equal to 1',
  ],
  [
    'refuses approving a stage the plan does not have',
    'UpgradePlan',
    (o) => {
      o.spec.approvals = ['prod'];
    },
    'approvals must name stages of this plan',
  ],
  [
    'refuses a maintenance window with both cron and days',
    'UpgradePlan',
    (o) => {
      o.spec.maintenanceWindows = [
        { cron: '0 22 * * *', days: ['Monday'], start: '22:00', durationMinutes: 120 },
      ];
    },
    'needs either cron, or days together with start',
  ],
  [
    'refuses an unknown pre-flight check name',
    'UpgradePlan',
    (o) => {
      o.spec.preflight = { skip: ['NoSuchCheck'] };
    },
    'Unsupported value: "NoSuchCheck"',
  ],
  [
    'refuses an In selector without values',
    'UpgradePlan',
    (o) => {
      o.spec.clusterSelector = { matchExpressions: [{ key: 'env', operator: 'In' }] };
    },
    'In and NotIn need at least one value',
  ],
  [
    'refuses a maintenance window shorter than AKS allows',
    'ManagedCluster',
    (o) => {
      o.spec.maintenanceConfigurations = {
        aksManagedAutoUpgradeSchedule: {
          schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } },
          durationHours: 3,
          startTime: '00:00',
        },
      };
    },
    'should be greater than or equal to 4',
  ],
  [
    'refuses a maintenance schedule of two types',
    'ManagedCluster',
    (o) => {
      o.spec.maintenanceConfigurations = {
        aksManagedAutoUpgradeSchedule: {
          schedule: { daily: { intervalDays: 1 }, weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } },
          durationHours: 4,
          startTime: '00:00',
        },
      };
    },
    'schedule takes exactly one of daily, weekly, absoluteMonthly or relativeMonthly',
  ],
  [
    'refuses a weekly maintenance interval above 4 weeks',
    'ManagedCluster',
    (o) => {
      o.spec.maintenanceConfigurations = {
        aksManagedAutoUpgradeSchedule: {
          schedule: { weekly: { intervalWeeks: 5, dayOfWeek: 'Sunday' } },
          durationHours: 4,
          startTime: '00:00',
        },
      };
    },
    'should be less than or equal to 4',
  ],
  [
    'refuses a node OS maintenance window that opens less than weekly',
    'ManagedCluster',
    (o) => {
      o.spec.maintenanceConfigurations = {
        aksManagedNodeOSUpgradeSchedule: {
          schedule: { absoluteMonthly: { intervalMonths: 1, dayOfMonth: 1 } },
          durationHours: 4,
          startTime: '00:00',
        },
      };
    },
    'aksManagedNodeOSUpgradeSchedule must open at least once a week',
  ],
  [
    'refuses a default maintenance configuration with neither timeInWeek nor notAllowedTime',
    'ManagedCluster',
    (o) => {
      o.spec.maintenanceConfigurations = { default: {} };
    },
    'maintenanceConfigurations.default needs timeInWeek, notAllowedTime or both',
  ],
  [
    'refuses a maintenance hour slot past 23',
    'ManagedCluster',
    (o) => {
      o.spec.maintenanceConfigurations = { default: { timeInWeek: [{ day: 'Monday', hourSlots: [24] }] } };
    },
    'should be less than or equal to 23',
  ],
  [
    'refuses a maintenance start date that is not a day of the calendar',
    'ManagedCluster',
    (o) => {
      o.spec.maintenanceConfigurations = {
        aksManagedAutoUpgradeSchedule: {
          schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } },
          durationHours: 4,
          startTime: '00:00',
          startDate: '2026-02-29',
        },
      };
    },
    'not a day of the calendar',
  ],
];

describe('admission refuses bad specs', () => {
  it('covers at least 25 cases', () => {
    expect(badInputs.length).toBeGreaterThanOrEqual(25);
  });

  it.each(badInputs)('%s', async (_name, kind, mutate, fragment) => {
    const obj = BASE[kind]();
    await expect(create(obj, { dryRun: true })).resolves.toBeDefined();
    mutate(obj);
    expect(await refusal(create(obj, { dryRun: true }))).toContain(fragment);
  });
});

describe('admission refuses forbidden updates', () => {
  let mc: ManagedCluster;
  let np: NodePool;
  let snap: NodePoolSnapshot;
  let up: UpgradePlan;

  beforeAll(async () => {
    mc = await create<ManagedCluster>(cluster());
    const versioned = pool();
    Object.assign(versioned.spec, {
      orchestratorVersion: '1.30.4',
      vnetSubnetID: `${VNET}/prod/subnets/nodes`,
      podSubnetID: `${VNET}/prod/subnets/pods`,
      enableEncryptionAtHost: true,
    });
    np = await create<NodePool>(versioned);
    snap = await create<NodePoolSnapshot>(snapshot());
    up = await create<UpgradePlan>(plan());
  });

  type UpdateCase<T> = [name: string, mutate: (o: T) => void, fragment: string];

  const clusterUpdates: UpdateCase<ManagedCluster>[] = [
    [
      'refuses moving a cluster to another region',
      (o) => {
        o.spec.location = 'eastus';
      },
      'location is immutable',
    ],
    [
      'refuses changing the resource group',
      (o) => {
        o.spec.resourceGroup = 'rg-other';
      },
      'resourceGroup is immutable',
    ],
    [
      'refuses setting azureName after creation',
      (o) => {
        o.spec.azureName = 'renamed';
      },
      'azureName cannot be added or removed after creation',
    ],
    [
      'refuses lowering kubernetesVersion',
      (o) => {
        o.spec.kubernetesVersion = '1.29.9';
      },
      'kubernetesVersion cannot go from 1.30 to 1.29.9: AKS does not downgrade a control plane',
    ],
    [
      'refuses skipping a minor version',
      (o) => {
        o.spec.kubernetesVersion = '1.32';
      },
      'kubernetesVersion cannot go from 1.30 to 1.32 in one step',
    ],
    [
      'refuses changing the major version',
      (o) => {
        o.spec.kubernetesVersion = '2.0';
      },
      'kubernetesVersion cannot change its major version',
    ],
    [
      'refuses changing the creation-only system pool',
      (o) => {
        if (o.spec.systemPool) o.spec.systemPool.count = 5;
      },
      'systemPool is immutable',
    ],
    [
      'refuses turning the OIDC issuer off',
      (o) => {
        o.spec.oidcIssuerProfile = { enabled: false };
      },
      'oidcIssuerProfile.enabled cannot go back to false',
    ],
    [
      'refuses making a private cluster public',
      (o) => {
        o.spec.apiServerAccessProfile = { enablePrivateCluster: false };
      },
      'apiServerAccessProfile.enablePrivateCluster is immutable',
    ],
    [
      'refuses changing the disk encryption set',
      (o) => {
        o.spec.diskEncryptionSetID = `/subscriptions/${SUB}/resourceGroups/rg-keys/providers/Microsoft.Compute/diskEncryptionSets/des2`;
      },
      'diskEncryptionSetID is immutable',
    ],
    [
      'refuses turning Kubernetes RBAC off',
      (o) => {
        o.spec.enableRBAC = false;
      },
      'enableRBAC is immutable',
    ],
    [
      'refuses changing the service range',
      (o) => {
        if (o.spec.networkProfile)
          Object.assign(o.spec.networkProfile, { serviceCidr: '10.1.0.0/16', dnsServiceIP: '10.1.0.10' });
      },
      'serviceCidr is immutable',
    ],
  ];

  it.each(clusterUpdates)('ManagedCluster: %s', async (_name, mutate, fragment) => {
    const next = structuredClone(mc);
    mutate(next);
    expect(await refusal(replace(Kind.ManagedCluster, next))).toContain(fragment);
  });

  const poolUpdates: UpdateCase<NodePool>[] = [
    [
      'refuses resizing the VMs',
      (o) => {
        o.spec.vmSize = 'Standard_D8s_v5';
      },
      'vmSize is immutable',
    ],
    [
      'refuses moving the pool to another cluster',
      (o) => {
        o.spec.clusterRef = { name: 'c2' };
      },
      'clusterRef is immutable',
    ],
    [
      'refuses changing the OS type',
      (o) => {
        Object.assign(o.spec, { osType: 'Windows', azureName: 'win1' });
      },
      'osType is immutable',
    ],
    [
      'refuses lowering orchestratorVersion',
      (o) => {
        o.spec.orchestratorVersion = '1.29';
      },
      'orchestratorVersion cannot go from 1.30.4 to 1.29',
    ],
    [
      'refuses moving the nodes to another subnet',
      (o) => {
        o.spec.vnetSubnetID = `${VNET}/prod/subnets/other`;
      },
      'vnetSubnetID is immutable',
    ],
    [
      'refuses moving the pods to another subnet',
      (o) => {
        o.spec.podSubnetID = `${VNET}/prod/subnets/other`;
      },
      'podSubnetID is immutable',
    ],
    [
      'refuses turning host encryption off',
      (o) => {
        o.spec.enableEncryptionAtHost = false;
      },
      'enableEncryptionAtHost is immutable',
    ],
  ];

  it.each(poolUpdates)('NodePool: %s', async (_name, mutate, fragment) => {
    const next = structuredClone(np);
    mutate(next);
    expect(await refusal(replace(Kind.NodePool, next))).toContain(fragment);
  });

  it('NodePool: accepts a new vmSize with upgradeStrategy BlueGreen, which replaces the pool', async () => {
    const blueGreen = await replace(Kind.NodePool, {
      ...np,
      spec: { ...np.spec, upgradeStrategy: 'BlueGreen' },
    });
    const resized = await replace(Kind.NodePool, {
      ...blueGreen,
      spec: { ...blueGreen.spec, vmSize: 'Standard_D8s_v5' },
    });
    expect(resized.spec.vmSize).toBe('Standard_D8s_v5');
    // Back to Surge, the size is fixed again.
    const surge = await replace(Kind.NodePool, {
      ...resized,
      spec: { ...resized.spec, upgradeStrategy: 'Surge' },
    });
    expect(
      await refusal(replace(Kind.NodePool, { ...surge, spec: { ...surge.spec, vmSize: 'Standard_D4s_v5' } })),
    ).toContain('vmSize is immutable with upgradeStrategy Surge');
  });

  it('NodePoolSnapshot: refuses changing the source, allows changing tags', async () => {
    const moved = structuredClone(snap);
    moved.spec.nodePoolRef = { name: 'user2' };
    expect(await refusal(replace(Kind.NodePoolSnapshot, moved))).toContain('nodePoolRef is immutable');
    const tagged = await replace(Kind.NodePoolSnapshot, {
      ...snap,
      spec: { ...snap.spec, tags: { team: 'a' } },
    });
    expect(tagged.spec.tags).toEqual({ team: 'a' });
  });

  it('UpgradePlan: refuses changing the target and undoing an abort', async () => {
    const retargeted = structuredClone(up);
    retargeted.spec.target = { kubernetesVersion: '1.32' };
    expect(await refusal(replace(Kind.UpgradePlan, retargeted))).toContain('target is immutable');
    up = await replace(Kind.UpgradePlan, { ...up, spec: { ...up.spec, abort: true } });
    const undone = structuredClone(up);
    undone.spec.abort = false;
    expect(await refusal(replace(Kind.UpgradePlan, undone))).toContain('abort cannot be undone');
  });

  it('accepts the next minor version and a patch alias of the current one', async () => {
    const aliased = await replace(Kind.ManagedCluster, {
      ...mc,
      spec: { ...mc.spec, kubernetesVersion: '1.30.4' },
    });
    const back = await replace(Kind.ManagedCluster, {
      ...aliased,
      spec: { ...aliased.spec, kubernetesVersion: '1.30' },
    });
    const next = await replace(Kind.ManagedCluster, {
      ...back,
      spec: { ...back.spec, kubernetesVersion: '1.31' },
    });
    expect(next.spec.kubernetesVersion).toBe('1.31');
    mc = next;
  });
});

describe('admission accepts valid objects and applies defaults', () => {
  it('defaults a minimal ManagedCluster, and no Azure-side setting', async () => {
    const o = cluster();
    o.metadata.name = 'minimal';
    for (const declared of [
      'networkProfile',
      'apiServerAccessProfile',
      'oidcIssuerProfile',
      'enableRBAC',
      'diskEncryptionSetID',
    ])
      delete o.spec[declared];
    const created = await create<ManagedCluster>(o);
    expect(created.spec).toMatchObject({
      systemPool: { azureName: 'system', count: 3, vmSize: 'Standard_D4s_v5' },
    });
    // Left out, these are Azure's: never written, never compared.
    for (const field of [
      'powerState',
      'deletionPolicy',
      'driftPolicy',
      'sku',
      'identity',
      'autoUpgradeProfile',
      'apiServerAccessProfile',
      'publicNetworkAccess',
      'aadProfile',
      'enableRBAC',
      'disableLocalAccounts',
      'oidcIssuerProfile',
      'securityProfile',
      'supportPlan',
      'upgradeSettings',
    ]) {
      expect(created.spec).not.toHaveProperty(field);
    }
  });

  it('defaults a NodePool and accepts an integer maxSurge', async () => {
    const o = pool();
    o.metadata.name = 'spotpool';
    Object.assign(o.spec, {
      scaleSetPriority: 'Spot',
      spot: {},
      autoscaling: { minCount: 0, maxCount: 10 },
      count: 0,
      nodeTaints: ['kubernetes.azure.com/scalesetpriority=spot:NoSchedule'],
      upgradeSettings: { maxSurge: 2 },
      tags: { team: 'batch' },
    });
    const created = await create<NodePool>(o);
    expect(created.spec).toMatchObject({
      upgradeStrategy: 'Surge',
      nodeImage: {},
      spot: { evictionPolicy: 'Delete', maxPrice: -1 },
      upgradeSettings: { maxSurge: 2 },
    });
    expect(created.spec.upgradeSettings).toEqual({ maxSurge: 2 });
    for (const field of [
      'mode',
      'powerState',
      'deletionPolicy',
      'vnetSubnetID',
      'podSubnetID',
      'enableEncryptionAtHost',
      'nodeImage.policy',
    ])
      expect(created.spec).not.toHaveProperty(field);
  });

  it('defaults a NodePoolSnapshot', async () => {
    const o = snapshot();
    o.metadata.name = 'snap-defaults';
    const created = await create<NodePoolSnapshot>(o);
    // Computed instead (Delete for a snapshot the operator takes): a CRD default could not tell.
    expect(created.spec.deletionPolicy).toBeUndefined();
  });

  it('defaults an UpgradePlan and its stages', async () => {
    const o = plan();
    o.metadata.name = 'plan-defaults';
    o.spec.maintenanceWindows = [{ days: ['Saturday', 'Sunday'], start: '02:00', durationMinutes: 240 }];
    const created = await create<UpgradePlan>(o);
    expect(created.spec).toMatchObject({
      paused: false,
      abort: false,
      poolStrategy: { default: 'Surge' },
      failurePolicy: { maxFailures: 0, action: 'StopPlan' },
      preflight: { stoppedClusters: 'Skip' },
      drain: { timeoutMinutes: 30, onTimeout: 'Wait', concurrency: 1 },
      maintenanceWindows: [{ timeZone: 'UTC' }],
      stages: [
        { name: 'canary', maxConcurrency: 1, soakMinutes: 0, requireApproval: true },
        { name: 'rest', maxConcurrency: 1, soakMinutes: 0, requireApproval: false },
      ],
    });
  });
});
