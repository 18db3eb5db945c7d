// ManagedCluster spec sections for the VMs AKS creates for the nodes: the resource group they live in
// (and whether it is locked), the Linux admin account and SSH keys, the Windows admin account and
// licensing, and the HTTP proxy the nodes and pods go out through.
import { immutable } from './cel.js';
import { s, valuesOf } from './schema.js';

export const RestrictionLevel = { Unrestricted: 'Unrestricted', ReadOnly: 'ReadOnly' } as const;
export type RestrictionLevel = (typeof RestrictionLevel)[keyof typeof RestrictionLevel];

export const LicenseType = { None: 'None', WindowsServer: 'Windows_Server' } as const;
export type LicenseType = (typeof LicenseType)[keyof typeof LicenseType];

const ADMIN_NAME = '^[A-Za-z][-A-Za-z0-9_]*$';

export const nodeResourceGroup = s.string({
  description:
    'Name of the resource group AKS creates for the node VMs, load balancers and disks (must not exist yet). ' +
    'When omitted AKS names it MC_<group>_<cluster>_<region>; status.nodeResourceGroup shows it. Fixed at creation.',
  pattern: '^[-\\w._()]{0,89}[-\\w_()]$',
  maxLength: 80,
  rules: [immutable('nodeResourceGroup', 'AKS fixes the node resource group at creation')],
});

export const nodeResourceGroupProfile = s.object(
  {
    restrictionLevel: s
      .enum(valuesOf(RestrictionLevel), {
        description:
          'Unrestricted (anyone with rights may change the node resource group) or ReadOnly (AKS denies changes except its own). When omitted AKS keeps its own (Unrestricted on create).',
      })
      .optional(),
  },
  { description: 'Lockdown of the node resource group.' },
);

export const linuxProfile = s.object(
  {
    adminUsername: s.string({
      description: 'Admin user of the Linux nodes. Fixed at creation.',
      pattern: ADMIN_NAME,
      maxLength: 32,
      rules: [
        immutable('linuxProfile.adminUsername', 'AKS fixes the admin user of the Linux nodes at creation'),
      ],
    }),
    ssh: s.object(
      {
        publicKeys: s.array(
          s.object(
            {
              keyData: s.string({
                description:
                  'An OpenSSH public key, e.g. "ssh-rsa AAAA... user@host" or "ssh-ed25519 AAAA...".',
                pattern: '^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/]+={0,3}( .*)?$',
                maxLength: 8192,
              }),
            },
            { description: 'A public key.' },
          ),
          {
            description: 'Keys allowed to sign in as the admin user (AKS takes exactly one).',
            minItems: 1,
            maxItems: 1,
          },
        ),
      },
      { description: 'SSH access to the Linux nodes. AKS replaces the key on the nodes when it changes.' },
    ),
  },
  {
    description:
      'Admin account of the Linux nodes. When omitted AKS keeps its own (none, or one it generated).',
  },
);

export const windowsProfile = s.object(
  {
    adminUsername: s.string({
      description:
        'Admin user of the Windows nodes (not "administrator", "admin", "user"...). Fixed at creation.',
      pattern: ADMIN_NAME,
      maxLength: 20,
      rules: [
        immutable(
          'windowsProfile.adminUsername',
          'AKS fixes the admin user of the Windows nodes at creation',
        ),
        {
          rule: "!(self.lowerAscii() in ['administrator', 'admin', 'user', 'user1', 'test', 'user2', 'test1', 'user3', 'admin1', '1', '123', 'a', 'actuser', 'adm', 'admin2', 'aspnet', 'backup', 'console', 'guest', 'owner', 'root', 'server', 'sql', 'support', 'support_388945a0', 'sys', 'test2', 'test3', 'user4', 'user5'])",
          message:
            'windowsProfile.adminUsername is one of the names AKS disallows for the Windows admin (administrator, admin, user, test, root, guest...); choose another name',
        },
      ],
    }),
    licenseType: s
      .enum(valuesOf(LicenseType), {
        description:
          'Windows_Server to use Azure Hybrid Benefit for the Windows VMs, or None. When omitted AKS keeps its own (None on create).',
      })
      .optional(),
    enableCSIProxy: s
      .boolean({
        description: 'Run CSI proxy on the Windows nodes. When omitted AKS keeps its own (true on create).',
      })
      .optional(),
    gmsaProfile: s
      .object(
        {
          enabled: s.boolean({ description: 'Set up Windows group managed service accounts on the nodes.' }),
          dnsServer: s
            .string({ description: 'DNS server of the Active Directory domain.', maxLength: 253 })
            .optional(),
          rootDomainName: s
            .string({ description: 'Root domain name of the Active Directory domain.', maxLength: 253 })
            .optional(),
        },
        {
          description: 'Windows gMSA; dnsServer and rootDomainName go together.',
          rules: [
            {
              rule: 'has(self.dnsServer) == has(self.rootDomainName)',
              message: 'gmsaProfile: set dnsServer and rootDomainName together, or neither',
            },
          ],
        },
      )
      .optional(),
  },
  {
    description:
      'Admin account and settings of the Windows nodes. The admin password is write-only in AKS (never read back, ' +
      'so it can neither be compared nor kept in a spec that GitOps stores in clear): AKS generates one on create; ' +
      'set or rotate it with `az aks update --windows-admin-password`. When omitted AKS keeps its own.',
  },
);

export const httpProxyConfig = s.object(
  {
    httpProxy: s
      .string({
        description: 'Proxy for HTTP, e.g. http://proxy.example.com:3128/.',
        pattern: '^https?://',
        maxLength: 2048,
      })
      .optional(),
    httpsProxy: s
      .string({
        description: 'Proxy for HTTPS, e.g. http://proxy.example.com:3129/.',
        pattern: '^https?://',
        maxLength: 2048,
      })
      .optional(),
    noProxy: s
      .array(s.string({ description: 'A host, domain, IP or CIDR reached directly.', maxLength: 253 }), {
        description:
          'Destinations reached without the proxy. AKS adds the cluster ranges and its own endpoints (status: effectiveNoProxy in Azure).',
        maxItems: 256,
        listType: 'set',
      })
      .optional(),
    trustedCa: s
      .string({
        description:
          'PEM certificate of the proxy CA, base64-encoded, added to the trust store of nodes and pods.',
        maxLength: 65536,
      })
      .optional(),
  },
  {
    description:
      "HTTP proxy the nodes and pods use to reach outside. Fields left out are Azure's. Removing the section releases it: the proxy stays as Azure has it.",
  },
);
