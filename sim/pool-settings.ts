// Agent-pool settings AKS checks against each other on a PUT (node public IPs and their prefix, scale-down
// mode and Spot or ephemeral disks, GPU partitioning on MIG sizes, pod sandboxing on Azure Linux only),
// refused with AKS's codes.
import { aksErrors } from './aks-errors.js';
import { isObject, str, type JsonObject } from './json.js';

/** VM sizes whose GPUs AKS partitions with gpuInstanceProfile (NVIDIA A100 and H100). */
const MIG_SIZES =
  /^Standard_(ND96asr_v4|ND96amsr_A100_v4|NC(24|48|96)ads_A100_v4|NC(40|80)adis_H100_v5|ND96isr_H100_v5)$/i;

/** Throws AKS's 400 when the pool body (existing spec merged in) combines settings AKS refuses. */
export function checkPoolSettings(spec: JsonObject): void {
  const publicIp = spec.enableNodePublicIP === true;
  if (str(spec, 'nodePublicIPPrefixID') && !publicIp)
    throw aksErrors.invalidParameter(
      'agentPoolProfile.nodePublicIPPrefixID',
      'NodePublicIPPrefixID can only be set when EnableNodePublicIP is true.',
    );
  const net = isObject(spec.networkProfile) ? spec.networkProfile : {};
  if (Array.isArray(net.nodePublicIPTags) && net.nodePublicIPTags.length > 0 && !publicIp)
    throw aksErrors.invalidParameter(
      'agentPoolProfile.networkProfile.nodePublicIPTags',
      'NodePublicIPTags can only be set when EnableNodePublicIP is true.',
    );
  if (str(spec, 'scaleDownMode') === 'Deallocate') {
    if (str(spec, 'scaleSetPriority') === 'Spot')
      throw aksErrors.invalidParameter(
        'agentPoolProfile.scaleDownMode',
        'ScaleDownMode Deallocate is not supported for Spot node pools.',
      );
    if (str(spec, 'osDiskType') === 'Ephemeral')
      throw aksErrors.invalidParameter(
        'agentPoolProfile.scaleDownMode',
        'ScaleDownMode Deallocate is not supported for node pools with ephemeral OS disks.',
      );
  }
  const osSku = str(spec, 'osSKU') ?? '';
  if (str(spec, 'workloadRuntime') === 'KataVmIsolation' && !osSku.startsWith('AzureLinux'))
    throw aksErrors.invalidParameter(
      'agentPoolProfile.workloadRuntime',
      `WorkloadRuntime KataVmIsolation is only supported with OSSKU AzureLinux, not ${osSku}.`,
    );
  const gpu = str(spec, 'gpuInstanceProfile');
  if (gpu && !MIG_SIZES.test(str(spec, 'vmSize') ?? ''))
    throw aksErrors.invalidParameter(
      'agentPoolProfile.gpuInstanceProfile',
      `GPUInstanceProfile ${gpu} is not supported for VM size ${str(spec, 'vmSize') ?? ''}: it needs a MIG-capable GPU size.`,
    );
}
