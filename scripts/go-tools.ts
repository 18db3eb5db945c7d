// Go-built tools the chart and GitOps tests run: helm (renders and installs the chart exactly as users
// do) and kstatus (Flux's status rules). Built once by controlplane/build-{helm,kstatus}.sh into .cache/tools/.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const HELM_VERSION = 'v3.22.0';
export const CLI_UTILS_VERSION = 'v1.3.0';

/** A cold helm build takes minutes on 2 cores; callers' timeouts must allow for it. */
export const TOOL_BUILD_TIMEOUT_MS = 20 * 60_000;

interface Tool {
  binary: string;
  script: string;
  env: Record<string, string>;
}

const TOOLS = {
  helm: {
    binary: join(ROOT, '.cache', 'tools', `helm-${HELM_VERSION}`, 'helm'),
    script: join(ROOT, 'controlplane', 'build-helm.sh'),
    env: { HELM_VERSION },
  },
  kstatus: {
    binary: join(ROOT, '.cache', 'tools', `kstatus-${CLI_UTILS_VERSION}`, 'kstatus'),
    script: join(ROOT, 'controlplane', 'build-kstatus.sh'),
    env: { CLI_UTILS_VERSION },
  },
} as const satisfies Record<string, Tool>;
export type ToolName = keyof typeof TOOLS;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Path of the tool, built first when missing (the build script serialises concurrent callers). */
export async function ensureTool(name: ToolName): Promise<string> {
  const tool: Tool = TOOLS[name];
  if (isExecutable(tool.binary)) return tool.binary;
  try {
    await run('bash', [tool.script], {
      env: { ...process.env, ...tool.env },
      timeout: TOOL_BUILD_TIMEOUT_MS,
      maxBuffer: 64 << 20,
    });
  } catch (err: unknown) {
    const detail = err instanceof Error && 'stderr' in err ? String(err.stderr).slice(-4000) : String(err);
    throw new Error(`cannot build ${name} with ${tool.script}: ${detail}`, { cause: err });
  }
  if (!isExecutable(tool.binary)) throw new Error(`${tool.script} finished but ${tool.binary} is missing`);
  return tool.binary;
}
