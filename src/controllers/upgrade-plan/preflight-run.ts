// Runs the pre-flight checks before one cluster step: the cluster's own state from its status, the checks
// that read Azure (version skew, vCPU quota), and those that read its workload cluster (removed APIs,
// PDBs, workload health; for a pool step the pods on its nodes and the webhooks they serve) as the
// cluster object's identity. Read-only. A workload cluster that cannot be read yields findings, never a
// thrown error.
import type * as Arm from '@azure/arm-containerservice';
import { KubeConfig } from '@kubernetes/client-node';
import {
  PreflightCheck,
  UpgradePlanReason,
  type ManagedCluster,
  type NodePool,
  type PreflightFinding,
} from '../../api/index.js';
import {
  checkClusterState,
  checkPdbs,
  type QuotaUsage,
  checkWorkloadHealth,
  findRemovedApiRequests,
  findRemovedApis,
  gatherDeclaredApiVersions,
  gatherPdbInputs,
  gatherWorkloads,
  isRemovedApiTableError,
  loadRemovedApiTable,
  readApiServerMetrics,
  Severity,
  type Finding,
  type RemovedApi,
} from '../../preflight/index.js';
import type { Subnet } from '../../azure/index.js';
import { workloadUnreachable, type WorkloadAccess } from '../shared/workload-unreachable.js';
import type { ClusterStep } from './cluster-steps.js';
import {
  isDrainStep,
  quotaFindings,
  quotaUnreadable,
  skewFindings,
  stepAgentPool,
  subnetFindings,
  subnetUnreadable,
  usesAzureCniAddresses,
  type DrainStep,
} from './preflight-azure.js';
import { drainChecks } from './preflight-drain.js';
import { fleetOverlaps, type FleetMember } from './preflight-fleet.js';
import { checkNotRun, checkOf, summarizeCheck } from './preflight-findings.js';

export interface PreflightRequest {
  cluster: ManagedCluster;
  step: ClusterStep;
  /** spec.preflight.skip. */
  skip: readonly string[];
  /** NodePools of the cluster. */
  pools: readonly NodePool[];
  /** spec.drain.timeoutMinutes, the per-node limit of the blue/green drains the plan starts (0: 24 h). */
  drainTimeoutMinutes: number;
  /** Every cluster the plan selects (this one included) with its NodePools, for AddressSpaceOverlap. */
  fleet: readonly FleetMember[];
}

export interface PreflightOutcome {
  /** One entry per check that ran (or could not run). */
  findings: PreflightFinding[];
  /** Set when the step must wait (the cluster is busy); not a failure. */
  waitMessage?: string;
}

/** Pre-flight of one step. Never writes; resolves with findings even when a cluster cannot be read. */
export interface PreflightRunner {
  run(request: PreflightRequest, signal: AbortSignal): Promise<PreflightOutcome>;
}

/** A workload cluster's API server as reached, and how to drop a credential it refused. */
/** A workload cluster's API server as the cluster object's identity reaches it. */
export interface WorkloadConnection extends WorkloadAccess {
  kc: KubeConfig;
}

export interface WorkloadPreflightOptions {
  /** The cluster's API server as its identity reaches it; undefined when Azure has no such cluster. */
  workloadCluster(cluster: ManagedCluster, signal: AbortSignal): Promise<WorkloadConnection | undefined>;
  /** The cluster's agent pools as Azure lists them; undefined when Azure has no such cluster. Rejects when Azure cannot be read. */
  agentPools(cluster: ManagedCluster, signal: AbortSignal): Promise<Arm.AgentPool[] | undefined>;
  /** A subnet a pool of the cluster uses; undefined when Azure has none. Rejects when it cannot be read. */
  subnet(cluster: ManagedCluster, id: string, signal: AbortSignal): Promise<Subnet | undefined>;
  /** vCPU usages of the cluster's subscription in its region. Rejects when they cannot be read. */
  quotaUsages(cluster: ManagedCluster, signal: AbortSignal): Promise<QuotaUsage[]>;
  /** Limit of each read of the workload cluster. Default 20 s. */
  timeoutMs?: number;
  removedApis?: () => Promise<RemovedApi[]>;
}

const PDB_CHECKS = [
  PreflightCheck.ZeroDisruptionPDB,
  PreflightCheck.PDBCurrentlyBlocking,
  PreflightCheck.BrokenPDB,
];
const WORKLOAD_CHECKS = [PreflightCheck.UnhealthyWorkloads];
const DEFAULT_TIMEOUT_MS = 20_000;

export type Gather = (kc: KubeConfig, signal: AbortSignal) => Promise<Finding[]>;

/** Checks that read the workload cluster once and split its findings among them. */
export interface WorkloadCheck {
  checks: PreflightCheck[];
  gather: Gather;
  source?: 'requests';
}

export class WorkloadPreflight implements PreflightRunner {
  private readonly timeoutMs: number;
  private readonly removedApis: () => Promise<RemovedApi[]>;

  constructor(private readonly options: WorkloadPreflightOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.removedApis = options.removedApis ?? (() => loadRemovedApiTable());
  }

  async run(request: PreflightRequest, signal: AbortSignal): Promise<PreflightOutcome> {
    const wanted = (c: PreflightCheck): boolean => !request.skip.includes(c);
    const findings: PreflightFinding[] = [];
    if (wanted(PreflightCheck.ClusterBusy)) {
      const state = checkClusterState({
        name: request.cluster.metadata.name ?? '',
        ...(request.cluster.status?.powerState ? { powerState: request.cluster.status.powerState } : {}),
        ...(request.cluster.status?.provisioningState
          ? { provisioningState: request.cluster.status.provisioningState }
          : {}),
      });
      const retry = state.find((f) => f.severity === Severity.Retry);
      if (retry)
        return { findings: [summarizeCheck(PreflightCheck.ClusterBusy, [])], waitMessage: retry.message };
      findings.push(summarizeCheck(PreflightCheck.ClusterBusy, state));
    }
    const agentPools = await this.azureChecks(request, findings, signal);
    if (wanted(PreflightCheck.AddressSpaceOverlap)) {
      const name = request.cluster.metadata.name ?? '';
      const subnet = this.options.subnet.bind(this.options);
      const overlaps = await fleetOverlaps({ name, fleet: request.fleet, subnet, signal });
      findings.push(summarizeCheck(PreflightCheck.AddressSpaceOverlap, overlaps));
    }
    const checks = this.workloadChecks(request, agentPools).filter((w) => w.checks.some(wanted));
    if (checks.length === 0) return { findings };
    const connection = await this.connect(request.cluster, signal);
    for (const check of checks) {
      const names = check.checks.filter(wanted);
      if (typeof connection === 'string') {
        findings.push(
          ...names.map((c) => checkNotRun(c, UpgradePlanReason.WorkloadClusterUnreachable, connection)),
        );
        continue;
      }
      try {
        const found = await check.gather(connection.kc, this.limited(signal));
        for (const name of names)
          findings.push(
            summarizeCheck(
              name,
              found.filter((f) => checkOf(f, check.source) === name),
            ),
          );
      } catch (err: unknown) {
        // A table that cannot load is the operator's fault, not the cluster's: the reconcile fails with it.
        if (signal.aborted || isRemovedApiTableError(err)) throw err;
        const { reason, message } = workloadUnreachable(
          request.cluster.metadata.name ?? '',
          connection,
          err,
          'or list the check in spec.preflight.skip',
        );
        findings.push(...names.map((c) => checkNotRun(c, reason, message)));
      }
    }
    return { findings };
  }

  /**
   * VersionSkew before a control-plane step, QuotaHeadroom before a pool step: both from Azure. Returns
   * the agent pools read, for the workload checks; a failed Azure read throws, as any other does.
   */
  private async azureChecks(
    request: PreflightRequest,
    findings: PreflightFinding[],
    signal: AbortSignal,
  ): Promise<Arm.AgentPool[]> {
    const { cluster, step } = request;
    const wanted = (c: PreflightCheck): boolean => !request.skip.includes(c);
    const checkSkew = step.kind === 'ControlPlane' && wanted(PreflightCheck.VersionSkew);
    const capacity = isDrainStep(step)
      ? [PreflightCheck.QuotaHeadroom, PreflightCheck.SubnetCapacity].filter(wanted)
      : [];
    const needsPools =
      checkSkew || capacity.length > 0 || (isDrainStep(step) && step.strategy === 'BlueGreen');
    const agentPools = needsPools ? ((await this.options.agentPools(cluster, signal)) ?? []) : [];
    if (checkSkew) findings.push(summarizeCheck(PreflightCheck.VersionSkew, skewFindings(step, agentPools)));
    if (!isDrainStep(step) || capacity.length === 0) return agentPools;
    const name = stepAgentPool(step, request.pools);
    const agentPool = agentPools.find((p) => p.name?.toLowerCase() === name.toLowerCase());
    // A pool Azure does not list has no nodes to surge from: nothing to check.
    const nodePool = request.pools.find((p) => p.metadata.name === step.pool);
    const pool = agentPool ? { step, agentPool, ...(nodePool ? { nodePool } : {}) } : undefined;
    if (capacity.includes(PreflightCheck.QuotaHeadroom))
      findings.push(
        summarizeCheck(PreflightCheck.QuotaHeadroom, pool ? await this.quota(cluster, pool, signal) : []),
      );
    if (capacity.includes(PreflightCheck.SubnetCapacity)) {
      const found = pool ? await this.subnetCapacity({ cluster, agentPools, ...pool }, signal) : [];
      findings.push(summarizeCheck(PreflightCheck.SubnetCapacity, found));
    }
    return agentPools;
  }

  /** QuotaHeadroom of a pool step: Compute usages that cannot be read are a warning. */
  private async quota(
    cluster: ManagedCluster,
    pool: { step: DrainStep; agentPool: Arm.AgentPool; nodePool?: NodePool },
    signal: AbortSignal,
  ): Promise<Finding[]> {
    try {
      return quotaFindings({ ...pool, usages: await this.options.quotaUsages(cluster, signal) });
    } catch (err: unknown) {
      if (signal.aborted) throw err;
      return [
        quotaUnreadable(`cluster ${cluster.metadata.name ?? ''}'s region ${cluster.spec.location}`, err),
      ];
    }
  }

  /** SubnetCapacity of a pool step in a subnet of the user's: its node subnet and pod subnet, read from Azure. */
  private async subnetCapacity(
    o: {
      cluster: ManagedCluster;
      step: DrainStep;
      agentPool: Arm.AgentPool;
      agentPools: readonly Arm.AgentPool[];
      nodePool?: NodePool;
    },
    signal: AbortSignal,
  ): Promise<Finding[]> {
    // An AKS-managed VNet is sized by AKS.
    const ids = [o.agentPool.vnetSubnetID, o.agentPool.podSubnetID].filter((id): id is string => !!id);
    const subnets = new Map<string, Subnet>();
    for (const id of ids) {
      let subnet: Subnet | undefined;
      try {
        subnet = await this.options.subnet(o.cluster, id, signal);
      } catch (err: unknown) {
        if (signal.aborted) throw err;
        return [subnetUnreadable(id, errorText(err))];
      }
      if (!subnet) return [subnetUnreadable(id, 'Azure shows no such subnet')];
      subnets.set(id.toLowerCase(), subnet);
    }
    return subnetFindings({ ...o, isAzureCni: usesAzureCniAddresses(o.cluster), subnets });
  }

  private workloadChecks(request: PreflightRequest, agentPools: readonly Arm.AgentPool[]): WorkloadCheck[] {
    const checks: WorkloadCheck[] = [];
    const { step } = request;
    if (isDrainStep(step)) checks.push(drainChecks(request, step, agentPools));
    if (step.kind === 'ControlPlane') {
      const target = step.to;
      checks.push({
        checks: [PreflightCheck.RemovedAPIsInManifests],
        gather: async (kc, signal) => {
          const table = await this.removedApis();
          const seen = await gatherDeclaredApiVersions(kc, { table, target }, {}, signal);
          return findRemovedApis(seen, target, table);
        },
      });
      checks.push({
        checks: [PreflightCheck.RemovedAPIsInUse],
        source: 'requests',
        gather: async (kc, signal) => {
          const metrics = await readApiServerMetrics(kc, signal);
          // Metrics the credential may not read say nothing either way.
          return metrics ? findRemovedApiRequests(metrics, target, await this.removedApis()) : [];
        },
      });
    }
    checks.push({
      checks: PDB_CHECKS,
      gather: async (kc, signal) => checkPdbs(await gatherPdbInputs(kc, {}, signal)),
    });
    checks.push({
      checks: WORKLOAD_CHECKS,
      gather: async (kc, signal) => checkWorkloadHealth(await gatherWorkloads(kc, {}, signal)),
    });
    return checks;
  }

  /** The workload cluster's API server, or a message saying why it cannot be reached. */
  private async connect(cluster: ManagedCluster, signal: AbortSignal): Promise<WorkloadConnection | string> {
    const name = cluster.metadata.name ?? '';
    try {
      const connection = await this.options.workloadCluster(cluster, this.limited(signal));
      if (!connection)
        return `cluster ${name} has no credential in Azure, so its workload checks cannot run; list them in spec.preflight.skip to go on without them`;
      return connection;
    } catch (err: unknown) {
      if (signal.aborted) throw err;
      return `cannot get a credential for cluster ${name}: ${errorText(err)}; its workload checks cannot run`;
    }
  }

  private limited(signal: AbortSignal): AbortSignal {
    return AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
