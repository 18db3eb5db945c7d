// NodePool settings of the node hosts themselves: kubelet and Linux kernel tuning (AKS custom node
// configuration), FIPS images, the container runtime, the kubelet's disk, GPU partitioning and driver, Ultra
// SSD, the login message, Trusted Launch and SSH access. AKS applies most when it creates the nodes, so those
// are fixed at creation: a change needs a new NodePool (Trusted Launch and SSH access can change).
import { immutable } from './cel.js';
import { s, valuesOf } from './schema.js';

export const KubeletDiskType = { OS: 'OS', Temporary: 'Temporary' } as const;
export type KubeletDiskType = (typeof KubeletDiskType)[keyof typeof KubeletDiskType];

export const WorkloadRuntime = {
  OCIContainer: 'OCIContainer',
  WasmWasi: 'WasmWasi',
  KataVmIsolation: 'KataVmIsolation',
} as const;
export type WorkloadRuntime = (typeof WorkloadRuntime)[keyof typeof WorkloadRuntime];

export const GPUInstanceProfile = {
  MIG1g: 'MIG1g',
  MIG2g: 'MIG2g',
  MIG3g: 'MIG3g',
  MIG4g: 'MIG4g',
  MIG7g: 'MIG7g',
} as const;
export type GPUInstanceProfile = (typeof GPUInstanceProfile)[keyof typeof GPUInstanceProfile];

const newPoolWhy = 'AKS applies it when it creates the nodes; create a new NodePool instead';

const int = (description: string, minimum: number, maximum: number) =>
  s.integer({ description, minimum, maximum }).optional();

export const kubeletConfig = () =>
  s
    .object(
      {
        cpuManagerPolicy: s
          .enum(['none', 'static'] as const, {
            description: 'CPU manager policy: none or static (exclusive CPUs for Guaranteed pods).',
          })
          .optional(),
        cpuCfsQuota: s
          .boolean({ description: 'Enforce CPU CFS quota for containers with CPU limits.' })
          .optional(),
        cpuCfsQuotaPeriod: s
          .string({
            description: 'CPU CFS quota period, e.g. 100ms.',
            pattern: '^[0-9]+(ms|s)$',
            maxLength: 16,
          })
          .optional(),
        imageGcHighThreshold: int(
          'Disk usage percentage that always triggers image garbage collection.',
          0,
          100,
        ),
        imageGcLowThreshold: int('Disk usage percentage image garbage collection never goes below.', 0, 100),
        topologyManagerPolicy: s
          .enum(['none', 'best-effort', 'restricted', 'single-numa-node'] as const, {
            description: 'Topology manager policy: none, best-effort, restricted or single-numa-node.',
          })
          .optional(),
        allowedUnsafeSysctls: s
          .array(
            s.string({
              description: 'A sysctl or a prefix ending in *, e.g. net.core.*.',
              maxLength: 128,
              rules: [
                {
                  rule: "self.matches('^(kernel[.]shm.*|kernel[.]msg.*|kernel[.]sem|fs[.]mqueue[.].*|net[.].*)$')",
                  message:
                    'allowedUnsafeSysctls entries must be kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.* or net.* (the sysctls AKS lets pods set)',
                },
              ],
            }),
            {
              description:
                'Unsafe sysctls (or patterns) pods may set: kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*, net.*.',
              maxItems: 32,
              listType: 'set',
            },
          )
          .optional(),
        failSwapOn: s.boolean({ description: 'Refuse to start the kubelet when swap is on.' }).optional(),
        containerLogMaxSizeMB: int(
          'Largest size (MB) of a container log file before it is rotated.',
          1,
          1024,
        ),
        containerLogMaxFiles: int('Most log files kept per container (at least 2).', 2, 100),
        podMaxPids: int('Most processes per pod (-1 for no limit).', -1, 4194304),
      },
      {
        description:
          "Kubelet settings of the nodes (AKS custom node configuration). Fields left out are Azure's. Fixed at creation.",
        rules: [
          immutable('kubeletConfig', newPoolWhy),
          {
            rule: '!has(self.imageGcHighThreshold) || !has(self.imageGcLowThreshold) || self.imageGcLowThreshold <= self.imageGcHighThreshold',
            fieldPath: '.imageGcLowThreshold',
            message: 'kubeletConfig.imageGcLowThreshold must not exceed imageGcHighThreshold',
          },
        ],
      },
    )
    .optional();

const sysctls = s.object(
  {
    netCoreSomaxconn: int('net.core.somaxconn.', 4096, 3240000),
    netCoreNetdevMaxBacklog: int('net.core.netdev_max_backlog.', 1000, 3240000),
    netCoreRmemDefault: int('net.core.rmem_default.', 212992, 134217728),
    netCoreRmemMax: int('net.core.rmem_max.', 212992, 134217728),
    netCoreWmemDefault: int('net.core.wmem_default.', 212992, 134217728),
    netCoreWmemMax: int('net.core.wmem_max.', 212992, 134217728),
    netCoreOptmemMax: int('net.core.optmem_max.', 20480, 4194304),
    netIpv4TcpMaxSynBacklog: int('net.ipv4.tcp_max_syn_backlog.', 128, 3240000),
    netIpv4TcpMaxTwBuckets: int('net.ipv4.tcp_max_tw_buckets.', 8000, 1440000),
    netIpv4TcpFinTimeout: int('net.ipv4.tcp_fin_timeout.', 5, 120),
    netIpv4TcpKeepaliveTime: int('net.ipv4.tcp_keepalive_time.', 30, 432000),
    netIpv4TcpKeepaliveProbes: int('net.ipv4.tcp_keepalive_probes.', 1, 15),
    netIpv4TcpkeepaliveIntvl: int('net.ipv4.tcp_keepalive_intvl.', 10, 90),
    netIpv4TcpTwReuse: s.boolean({ description: 'net.ipv4.tcp_tw_reuse.' }).optional(),
    netIpv4IpLocalPortRange: s
      .string({
        description: 'net.ipv4.ip_local_port_range, "first last", e.g. "32768 65535".',
        pattern: '^[0-9]+ [0-9]+$',
        maxLength: 11,
      })
      .optional(),
    netIpv4NeighDefaultGcThresh1: int('net.ipv4.neigh.default.gc_thresh1.', 128, 80000),
    netIpv4NeighDefaultGcThresh2: int('net.ipv4.neigh.default.gc_thresh2.', 512, 90000),
    netIpv4NeighDefaultGcThresh3: int('net.ipv4.neigh.default.gc_thresh3.', 1024, 100000),
    netNetfilterNfConntrackMax: int('net.netfilter.nf_conntrack_max.', 131072, 2097152),
    netNetfilterNfConntrackBuckets: int('net.netfilter.nf_conntrack_buckets.', 65536, 524288),
    fsInotifyMaxUserWatches: int('fs.inotify.max_user_watches.', 781250, 2097152),
    fsFileMax: int('fs.file-max.', 8192, 12000500),
    fsAioMaxNr: int('fs.aio-max-nr.', 65536, 6553500),
    fsNrOpen: int('fs.nr_open.', 8192, 20000500),
    kernelThreadsMax: int('kernel.threads-max.', 20, 513785),
    vmMaxMapCount: int('vm.max_map_count.', 65530, 262144),
    vmSwappiness: int('vm.swappiness.', 0, 100),
    vmVfsCachePressure: int('vm.vfs_cache_pressure.', 1, 500),
  },
  { description: 'Kernel sysctls of the nodes, in the ranges AKS allows.' },
);

export const linuxOSConfig = () =>
  s
    .object(
      {
        sysctls: sysctls.optional(),
        transparentHugePageEnabled: s
          .enum(['always', 'madvise', 'never'] as const, {
            description: 'Transparent huge pages: always, madvise or never.',
          })
          .optional(),
        transparentHugePageDefrag: s
          .enum(['always', 'defer', 'defer+madvise', 'madvise', 'never'] as const, {
            description:
              'Transparent huge page defragmentation: always, defer, defer+madvise, madvise or never.',
          })
          .optional(),
        swapFileSizeMB: s
          .integer({ description: 'Size (MB) of a swap file on each node.', minimum: 1, maximum: 1048576 })
          .optional(),
      },
      {
        description:
          "Linux OS settings of the nodes (AKS custom node configuration; Linux pools only). Fields left out are Azure's. Fixed at creation.",
        rules: [immutable('linuxOSConfig', newPoolWhy)],
      },
    )
    .optional();

export const enableFIPS = () =>
  s
    .boolean({
      description:
        'Run a FIPS 140-2 enabled OS image (Ubuntu, Azure Linux or Windows). When omitted AKS keeps its own (off on create). Fixed at creation.',
      rules: [immutable('enableFIPS', newPoolWhy)],
    })
    .optional();

export const kubeletDiskType = () =>
  s
    .enum(valuesOf(KubeletDiskType), {
      description:
        "Where emptyDir volumes and container images live: OS (the OS disk) or Temporary (the VM's temp disk). When omitted AKS keeps its own (OS on create). Fixed at creation.",
      rules: [immutable('kubeletDiskType', newPoolWhy)],
    })
    .optional();

export const workloadRuntime = () =>
  s
    .enum(valuesOf(WorkloadRuntime), {
      description:
        'Container runtime of the nodes: OCIContainer, WasmWasi or KataVmIsolation (pod sandboxing). When omitted AKS keeps its own (OCIContainer on create). Fixed at creation.',
      rules: [immutable('workloadRuntime', newPoolWhy)],
    })
    .optional();

export const gpuInstanceProfile = () =>
  s
    .enum(valuesOf(GPUInstanceProfile), {
      description:
        'Multi-Instance GPU partition of each GPU: MIG1g, MIG2g, MIG3g, MIG4g or MIG7g. Only for MIG-capable sizes (NVIDIA A100 and H100: Standard_ND96asr_v4, Standard_ND96amsr_A100_v4, Standard_NC*ads_A100_v4, Standard_NC*ads_H100_v5). Fixed at creation.',
      rules: [immutable('gpuInstanceProfile', newPoolWhy)],
    })
    .optional();

/** VM sizes with MIG-capable GPUs (A100, H100), as a CEL regular expression on vmSize. */
export const MIG_VM_SIZES =
  '(?i)^Standard_(ND96asr_v4|ND96amsr_A100_v4|NC(24|48|96)ads_A100_v4|NC(40|80)adis_H100_v5|ND96isr_H100_v5)$';

export const SshAccess = { LocalUser: 'LocalUser', Disabled: 'Disabled' } as const;
export type SshAccess = (typeof SshAccess)[keyof typeof SshAccess];

export const GPUDriver = { Install: 'Install', None: 'None' } as const;
export type GPUDriver = (typeof GPUDriver)[keyof typeof GPUDriver];

export const poolSecurityProfile = () =>
  s
    .object(
      {
        enableVTPM: s
          .boolean({ description: 'Give the VMs a virtual TPM (Trusted Launch; needs a Gen2 VM size).' })
          .optional(),
        enableSecureBoot: s
          .boolean({ description: 'Boot the VMs with Secure Boot (Trusted Launch; needs a Gen2 VM size).' })
          .optional(),
        sshAccess: s
          .enum(valuesOf(SshAccess), {
            description: 'LocalUser (SSH with the admin key) or Disabled (no SSH service on the nodes).',
          })
          .optional(),
      },
      {
        description:
          "Trusted Launch and SSH access of the nodes. Fields left out are Azure's (AKS: off, off, LocalUser on create).",
      },
    )
    .optional();

export const enableUltraSSD = () =>
  s
    .boolean({
      description:
        'Let the nodes attach Ultra Disks (needs a VM size and zone that support them). When omitted AKS keeps its own (off on create). Fixed at creation.',
      rules: [immutable('enableUltraSSD', newPoolWhy)],
    })
    .optional();

export const messageOfTheDay = () =>
  s
    .string({
      description:
        'Base64-encoded message of the day shown at login on Linux nodes (written to /etc/motd). Fixed at creation.',
      pattern: '^[A-Za-z0-9+/]*={0,2}$',
      maxLength: 16384,
      rules: [immutable('messageOfTheDay', newPoolWhy)],
    })
    .optional();

export const gpuProfile = () =>
  s
    .object(
      {
        driver: s
          .enum(valuesOf(GPUDriver), {
            description:
              'Install (AKS installs the GPU driver) or None (you install it, e.g. with the GPU operator).',
          })
          .optional(),
      },
      {
        description:
          "GPU settings of a GPU pool. Fields left out are Azure's (Install on create). Fixed at creation.",
        rules: [immutable('gpuProfile', newPoolWhy)],
      },
    )
    .optional();
