// AKS provisioningState values: only Succeeded, Failed and Canceled are terminal; anything else means an
// operation is running and AKS refuses another write until it ends.

const TERMINAL = new Set(['succeeded', 'failed', 'canceled']);

export function isTerminal(provisioningState: string | undefined): boolean {
  return provisioningState === undefined || TERMINAL.has(provisioningState.toLowerCase());
}
