// A fast simulator for tests (operations take milliseconds) and helpers that create resources
// through the real SDK client.
import type * as Arm from '@azure/arm-containerservice';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator.js';
import { createTlsMaterial, type TlsMaterial } from '../tls.js';
import { FAST_POLL } from './sdk-client.js';

/** 1 simulated minute = 12 real milliseconds. */
export const TEST_TIME_SCALE = 0.0002;

let sharedTls: TlsMaterial | undefined;

/** Key generation is the slow part of a start, so tests in one file share one certificate. */
export function startTestSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  sharedTls ??= createTlsMaterial();
  return startSimulator({ timeScale: TEST_TIME_SCALE, tls: sharedTls, ...options });
}

export interface ClusterSpec {
  location?: string;
  kubernetesVersion?: string;
  pools?: Arm.ManagedClusterAgentPoolProfile[];
  sku?: Arm.ManagedClusterSKU;
  supportPlan?: string;
}

export function clusterModel(spec: ClusterSpec = {}): Arm.ManagedCluster {
  const model: Arm.ManagedCluster = {
    location: spec.location ?? 'eastus',
    dnsPrefix: 'dns',
    agentPoolProfiles: spec.pools ?? [
      { name: 'system', count: 2, vmSize: 'Standard_D4s_v3', mode: 'System' },
    ],
  };
  if (spec.kubernetesVersion) model.kubernetesVersion = spec.kubernetesVersion;
  if (spec.sku) model.sku = spec.sku;
  if (spec.supportPlan) model.supportPlan = spec.supportPlan;
  return model;
}

export async function createCluster(
  client: Arm.ContainerServiceClient,
  resourceGroup: string,
  name: string,
  spec: ClusterSpec = {},
): Promise<Arm.ManagedCluster> {
  return client.managedClusters.createOrUpdate(resourceGroup, name, clusterModel(spec), FAST_POLL);
}

/** Waits until `check` returns true, polling every 5 ms, failing after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
