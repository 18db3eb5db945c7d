// AKS's rules for the subnets an agent pool joins, checked against the simulated Microsoft.Network: the
// subnets exist, a node subnet is not delegated, every pool of a cluster is in one VNet (and in custom
// subnets or none), a pod subnet needs a node subnet and Azure CNI without overlay, and a subnet holds the
// addresses its pools reserve. A pool that names no subnet in a cluster of custom subnets gets the
// subnet of the cluster's first pool, as AKS fills it in.
import { isObject, num, str, type JsonObject } from './json.js';
import { networkErrors } from './network-errors.js';
import { parseSubnetId, usableAddresses, type NetworkStore } from './network-model.js';

export interface SubnetCheckInput {
  networks: NetworkStore;
  /** The cluster's networkProfile as stored (server defaults filled in). */
  networkProfile: JsonObject;
  /** The pool's writable properties (server defaults filled in); vnetSubnetID may be filled in. */
  pool: JsonObject;
  poolName: string;
  /** The cluster's other pools (name and writable properties). */
  others: readonly { name: string; spec: JsonObject }[];
}

const nodeSubnetOf = (spec: JsonObject): string | undefined => str(spec, 'vnetSubnetID') || undefined;
const podSubnetOf = (spec: JsonObject): string | undefined => str(spec, 'podSubnetID') || undefined;
const vnetOf = (id: string): string => id.slice(0, id.toLowerCase().indexOf('/subnets/')).toLowerCase();

/** The cluster's pools other than `name`, as the rules read them. */
export function otherPools(
  pools: Iterable<{ name: string; spec: JsonObject }>,
  name: string,
): { name: string; spec: JsonObject }[] {
  return [...pools].filter((p) => p.name.toLowerCase() !== name.toLowerCase());
}

/** Checks a pool being created; fills in the cluster's subnet when the pool names none. */
export function checkNewPoolSubnets(input: SubnetCheckInput): void {
  const { pool, others } = input;
  const custom = others.find((o) => nodeSubnetOf(o.spec));
  const managed = others.find((o) => !nodeSubnetOf(o.spec));
  const subnet = nodeSubnetOf(pool);
  if (!subnet && custom) pool.vnetSubnetID = nodeSubnetOf(custom.spec) ?? '';
  if (subnet && managed) throw networkErrors.customSubnetInManagedVNet(managed.name);
  checkPodSubnet(input);
  const node = nodeSubnetOf(pool);
  if (!node) return;
  const found = requireSubnet(input.networks, node);
  if (found.subnet.delegations.length > 0) throw networkErrors.subnetIsDelegated(node);
  const clusterVNet = custom ? vnetOf(nodeSubnetOf(custom.spec) ?? '') : undefined;
  if (clusterVNet && vnetOf(node) !== clusterVNet) throw networkErrors.subnetInAnotherVNet(node, clusterVNet);
  checkSubnetSizes(input);
}

function checkPodSubnet(input: SubnetCheckInput): void {
  const pod = podSubnetOf(input.pool);
  if (!pod) return;
  const node = nodeSubnetOf(input.pool);
  if (!node || vnetOf(node) !== vnetOf(pod)) throw networkErrors.podSubnetNeedsNodeSubnet();
  const plugin = str(input.networkProfile, 'networkPlugin') ?? 'kubenet';
  const mode = str(input.networkProfile, 'networkPluginMode');
  if (plugin !== 'azure' || mode === 'overlay')
    throw networkErrors.podSubnetNeedsAzureCni(mode === 'overlay' ? `${plugin} ${mode}` : plugin);
  requireSubnet(input.networks, pod);
}

function requireSubnet(
  networks: NetworkStore,
  id: string,
): NonNullable<ReturnType<NetworkStore['findSubnet']>> {
  const found = networks.findSubnet(id);
  if (found) return found;
  const parsed = parseSubnetId(id);
  throw networkErrors.aksSubnetNotFound({
    subnet: parsed?.subnet ?? id,
    vnet: parsed?.vnet.vnet ?? '',
    resourceGroup: parsed?.vnet.resourceGroup ?? '',
    subscriptionId: parsed?.vnet.subscriptionId ?? '',
  });
}

/** Refuses a pool whose node or pod subnet cannot hold what the pools in it reserve. */
export function checkSubnetSizes(input: SubnetCheckInput): void {
  const pools = [{ name: input.poolName, spec: input.pool }, ...input.others];
  const cni = str(input.networkProfile, 'networkPlugin') === 'azure';
  const overlay = str(input.networkProfile, 'networkPluginMode') === 'overlay';
  const checks: [string | undefined, (spec: JsonObject) => number][] = [
    // Azure CNI without a pod subnet reserves every pod's address in the node subnet up front.
    [nodeSubnetOf(input.pool), (s) => (cni && !overlay && !podSubnetOf(s) ? maxPods(s) + 1 : 1)],
    [podSubnetOf(input.pool), (s) => maxPods(s)],
  ];
  for (const [id, perNode] of checks) {
    if (!id) continue;
    const found = input.networks.findSubnet(id);
    if (!found) continue;
    const same = (x: string | undefined): boolean => x?.toLowerCase() === id.toLowerCase();
    const required = pools
      .filter((p) => same(nodeSubnetOf(p.spec)) || same(podSubnetOf(p.spec)))
      .reduce(
        (n, p) => n + reservedNodes(p.spec) * (same(podSubnetOf(p.spec)) ? maxPods(p.spec) : perNode(p.spec)),
        0,
      );
    const available = usableAddresses(found.subnet);
    if (required > available) {
      throw networkErrors.insufficientSubnetSize({
        required,
        available,
        cidr: found.subnet.addressPrefixes.join(','),
        subnet: found.subnet.name,
      });
    }
  }
}

const maxPods = (spec: JsonObject): number => num(spec, 'maxPods') ?? 110;

/** Nodes a pool may run: the autoscaler's maximum (else the count) and the surge nodes of an upgrade. */
function reservedNodes(spec: JsonObject): number {
  const nodes = spec.enableAutoScaling === true ? (num(spec, 'maxCount') ?? 0) : (num(spec, 'count') ?? 0);
  const upgrade = isObject(spec.upgradeSettings) ? spec.upgradeSettings : {};
  const raw = str(upgrade, 'maxSurge') ?? '10%';
  const surge = raw.endsWith('%') ? Math.ceil((Number(raw.slice(0, -1)) / 100) * nodes) : Number(raw);
  return nodes + (Number.isFinite(surge) ? surge : 1);
}
