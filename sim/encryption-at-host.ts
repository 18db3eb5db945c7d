// Host encryption on a pool needs a VM size whose Compute capability EncryptionAtHostSupported is True;
// AKS refuses the pool before creating its scale set.
import { aksErrors } from './aks-errors.js';
import type { ArmError } from './errors.js';
import { str, type JsonObject } from './json.js';
import type { VmSizeCatalogue } from './vm-sizes.js';

export function encryptionAtHostNotSupported(vmSize: string): ArmError {
  return aksErrors.invalidParameter(
    'agentPoolProfile.enableEncryptionAtHost',
    `VM size '${vmSize}' does not support encryption at host. Pick a size whose capability EncryptionAtHostSupported is True, or leave enableEncryptionAtHost off.`,
  );
}

/** Throws when the pool asks for host encryption on a size that does not support it. */
export function checkEncryptionAtHost(spec: JsonObject, vmSizes: VmSizeCatalogue): void {
  if (spec.enableEncryptionAtHost !== true) return;
  const vm = vmSizes.get(str(spec, 'vmSize') ?? '');
  if (vm && !vm.encryptionAtHost) throw encryptionAtHostNotSupported(vm.name);
}
