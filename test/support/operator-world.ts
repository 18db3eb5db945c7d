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
  /** `count` fresh namespaces and one operator watching them all; `rg` is named after the first. */
  startMany(
    prefix: string,
    count: number,
    operatorOptions?: Omit<TestOperatorOptions, 'sim' | 'namespaces'>,
  ): Promise<{ objects: Objects[]; namespaces: TestNamespace[]; rg: string; operator: TestOperator }>;
}

/** Registers the file's hooks; call at the top level of a test file. */
export function useOperatorWorld(simulator: TestSimulatorOptions = {}): OperatorWorld {
  let sim: Simulator | undefined;
  let azure: Arm.ContainerServiceClient | undefined;
  let current: { namespaces: TestNamespace[]; objects: Objects[]; operator?: TestOperator } | undefined;

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
    for (const o of current?.objects ?? []) await o.releaseAll();
    for (const ns of current?.namespaces ?? []) await ns.delete();
    current = undefined;
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the operator world starts in beforeAll: use it inside a test');
    return value;
  };
  const startMany: OperatorWorld['startMany'] = async (prefix, count, operatorOptions) => {
    const kc = managementKubeConfig();
    const namespaces: TestNamespace[] = [];
    for (let i = 0; i < count; i++) namespaces.push(await createTestNamespace(kc, prefix));
    current = { namespaces, objects: namespaces.map((ns) => new Objects(ns.name)) };
    const operator = await new TestOperator({
      sim: started(sim),
      namespaces: namespaces.map((ns) => ns.name),
      ...operatorOptions,
    }).start();
    current.operator = operator;
    return { objects: current.objects, namespaces, rg: `rg-${namespaces[0]?.name ?? prefix}`, operator };
  };

  return {
    get sim() {
      return started(sim);
    },
    get azure() {
      return started(azure);
    },
    async start(prefix, resyncPeriodMs, operatorOptions) {
      const { objects, rg, operator } = await startMany(prefix, 1, {
        ...(resyncPeriodMs ? { resyncPeriodMs } : {}),
        ...operatorOptions,
      });
      return { objects: objects[0] as Objects, rg, operator };
    },
    startMany,
  };
}
