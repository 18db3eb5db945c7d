// The frame of a controller integration file: one simulator for the file with an SDK client on it, and
// per test a namespace, its Objects and an operator watching it, torn down after each test even when
// the test fails (operator first, so nothing reconciles while finalizers are released).
import type * as Arm from '@azure/arm-containerservice';
import type { Simulator } from '../../sim/index.js';
import { sdkClient } from '../../sim/testing/sdk-client.js';
import { createTestNamespace, type TestNamespace } from './namespace.js';
import {
  ensureCrds,
  Objects,
  startTestSimulator,
  SUBSCRIPTION,
  TestOperator,
  type TestOperatorOptions,
  type TestSimulatorOptions,
} from './operator.js';
import { managementKubeConfig } from './world.js';

export interface OperatorWorld {
  readonly sim: Simulator;
  /** The SDK client a user would hold: for changes made outside the operator and for reading Azure. */
  readonly azure: Arm.ContainerServiceClient;
  /** A fresh namespace and an operator watching it; `rg` is the resource group named after the namespace. */
  start(
    prefix: string,
    resyncPeriodMs?: number,
    operatorOptions?: Omit<TestOperatorOptions, 'sim' | 'namespaces'>,
  ): Promise<{ objects: Objects; rg: string; operator: TestOperator }>;
}

/** Registers the file's hooks; call at the top level of a test file. */
export function useOperatorWorld(simulator: TestSimulatorOptions = {}): OperatorWorld {
  let sim: Simulator | undefined;
  let azure: Arm.ContainerServiceClient | undefined;
  let current: { ns: TestNamespace; objects: Objects; operator?: TestOperator } | undefined;

  beforeAll(async () => {
    await ensureCrds();
    sim = await startTestSimulator(simulator);
    azure = sdkClient(sim, { subscriptionId: SUBSCRIPTION }).client;
  });
  afterAll(async () => {
    await sim?.close();
  });
  afterEach(async () => {
    // Faults a test injected must not leak into the next one.
    sim?.faults.reset();
    await current?.operator?.stop();
    await current?.objects.releaseAll();
    await current?.ns.delete();
    current = undefined;
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the operator world starts in beforeAll: use it inside a test');
    return value;
  };
  return {
    get sim() {
      return started(sim);
    },
    get azure() {
      return started(azure);
    },
    async start(prefix, resyncPeriodMs, operatorOptions) {
      const ns = await createTestNamespace(managementKubeConfig(), prefix);
      current = { ns, objects: new Objects(ns.name) };
      const operator = await new TestOperator({
        sim: started(sim),
        namespaces: [ns.name],
        ...(resyncPeriodMs ? { resyncPeriodMs } : {}),
        ...operatorOptions,
      }).start();
      current.operator = operator;
      return { objects: current.objects, rg: `rg-${ns.name}`, operator };
    },
  };
}
