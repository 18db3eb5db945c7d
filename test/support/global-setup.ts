// Jest global setup of the integration project: starts the shared world (see world-setup.ts).
// Jest loads this file with Node's own resolver, which knows nothing of `.js` → `.ts`; tsx loads the rest.
import { tsImport } from 'tsx/esm/api';

type WorldSetup = typeof import('./world-setup.js');

export default async function globalSetup(): Promise<void> {
  const { setUpWorld } = (await tsImport('./world-setup.ts', import.meta.url)) as WorldSetup;
  await setUpWorld();
}
