// The official AKS examples (x-ms-examples) kept in sim/fixtures/aks-examples, and the
// SDK's own wire-to-model converters, so an example's request is sent through the SDK as a user would.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Arm from '@azure/arm-containerservice';

export interface Example {
  file: string;
  operationId: string;
  title: string;
  parameters: Record<string, unknown>;
  responses: Record<string, { headers?: Record<string, string>; body?: Record<string, unknown> }>;
}

/** `sim/fixtures/aks-examples`. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../fixtures/aks-examples/', import.meta.url));

export function loadExamples(): Example[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      ...(JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as Omit<Example, 'file'>),
    }));
}

interface ModelConverters {
  managedClusterDeserializer(wire: unknown): Arm.ManagedCluster;
  agentPoolDeserializer(wire: unknown): Arm.AgentPool;
  snapshotDeserializer(wire: unknown): Arm.Snapshot;
}

// The package's exports map hides its models module; its CommonJS build is loaded by file path.
const require = createRequire(import.meta.url);
const sdkEntry = require.resolve('@azure/arm-containerservice');
export const models = require(join(sdkEntry, '..', 'models', 'models.js')) as ModelConverters;
