// Jest global teardown of the integration project: stops the shared world (see world-setup.ts).
import { tsImport } from 'tsx/esm/api';

type WorldSetup = typeof import('./world-setup.js');

export default async function globalTeardown(): Promise<void> {
  const { tearDownWorld } = (await tsImport('./world-setup.ts', import.meta.url)) as WorldSetup;
  await tearDownWorld();
}
