// The world a jest run shares: global setup writes it to a JSON file and names the file in AKS_LO_WORLD,
// which test workers inherit.
import { readFileSync } from 'node:fs';
import type { KwokCluster } from '../../controlplane/index.js';

declare global {
  // Set by global setup, read by global teardown (the same process); test workers never see it.
  var __AKS_LO_MANAGEMENT__: { cluster: KwokCluster; worldPath: string } | undefined;
}

export const WORLD_ENV = 'AKS_LO_WORLD';

export interface WorldCluster {
  name: string;
  kubeconfigPath: string;
  server: string;
  workdir: string;
}

export interface WorldFile {
  management: WorldCluster;
  /** The process that owns the management cluster (the jest main process). */
  ownerPid: number;
  createdAt: string;
}

let cached: { path: string; world: WorldFile } | undefined;

/** The current run's world; throws when the test runs outside the integration project. */
export function readWorld(): WorldFile {
  const path = process.env[WORLD_ENV];
  if (!path) {
    throw new Error(
      `${WORLD_ENV} is not set: run integration tests with bash scripts/jest.sh --selectProjects integration`,
    );
  }
  if (cached?.path !== path) cached = { path, world: JSON.parse(readFileSync(path, 'utf8')) as WorldFile };
  return cached.world;
}
