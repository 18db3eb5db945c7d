// ManagedCluster spec sections for traffic into and between workloads: the application routing add-on
// (ingressProfile.webAppRouting, managed NGINX) and the Istio-based service mesh add-on.
import { s, valuesOf } from './schema.js';

export const NginxIngressControllerType = {
  AnnotationControlled: 'AnnotationControlled',
  External: 'External',
  Internal: 'Internal',
  None: 'None',
} as const;
export type NginxIngressControllerType =
  (typeof NginxIngressControllerType)[keyof typeof NginxIngressControllerType];

export const ServiceMeshMode = { Istio: 'Istio', Disabled: 'Disabled' } as const;
export type ServiceMeshMode = (typeof ServiceMeshMode)[keyof typeof ServiceMeshMode];

export const IstioIngressGatewayMode = { External: 'External', Internal: 'Internal' } as const;
export type IstioIngressGatewayMode = (typeof IstioIngressGatewayMode)[keyof typeof IstioIngressGatewayMode];

const ARM_ID_MAX = 512;
const DNS_ZONE_ID =
  '(?i)^/subscriptions/[^/]+/resourcegroups/[^/]+/providers/Microsoft[.]Network/(dnszones|privatednszones)/[^/]+$';
const KEY_VAULT_ID =
  '(?i)^/subscriptions/[^/]+/resourcegroups/[^/]+/providers/Microsoft[.]KeyVault/vaults/[^/]+$';

export const ingressProfile = s.object(
  {
    webAppRouting: s
      .object(
        {
          enabled: s.boolean({ description: 'Run the application routing add-on (managed NGINX ingress).' }),
          dnsZoneResourceIds: s
            .array(
              s.string({
                description: 'ARM ID of a public or private DNS zone.',
                pattern: DNS_ZONE_ID,
                maxLength: ARM_ID_MAX,
              }),
              {
                description:
                  'DNS zones the add-on manages records in (at most 5; all public or all private, in one resource group).',
                maxItems: 5,
                listType: 'set',
                rules: [
                  {
                    rule: "self.all(z, z.lowerAscii().contains('/privatednszones/')) || self.all(z, !z.lowerAscii().contains('/privatednszones/'))",
                    message:
                      'dnsZoneResourceIds must be all public or all private DNS zones (AKS refuses a mix); split them across clusters or pick one kind',
                  },
                  {
                    rule: "self.all(z, z.lowerAscii().split('/')[4] == self[0].lowerAscii().split('/')[4])",
                    message:
                      'dnsZoneResourceIds must all be in one resource group (AKS refuses zones from several); move the zones or pick those of one group',
                  },
                ],
              },
            )
            .optional(),
          nginx: s
            .object(
              {
                defaultIngressControllerType: s
                  .enum(valuesOf(NginxIngressControllerType), {
                    description:
                      'Load balancer of the default NginxIngressController: External, Internal, AnnotationControlled or None.',
                  })
                  .optional(),
              },
              { description: 'The default NGINX ingress controller of the add-on.' },
            )
            .optional(),
        },
        {
          description: 'Application routing add-on. Its managed identity is reported by Azure, not declared.',
        },
      )
      .optional(),
  },
  { description: "Ingress settings of the cluster. Sections left out are Azure's." },
);

const ingressGateway = s.object(
  {
    mode: s.enum(valuesOf(IstioIngressGatewayMode), {
      description: 'External (public load balancer) or Internal (private load balancer).',
    }),
    enabled: s.boolean({ description: 'Run this ingress gateway.' }),
  },
  { description: 'An Istio ingress gateway.' },
);

const pluginCa = s.object(
  {
    keyVaultId: s
      .string({
        description: 'ARM ID of the Key Vault holding the CA objects.',
        pattern: KEY_VAULT_ID,
        maxLength: ARM_ID_MAX,
      })
      .optional(),
    certObjectName: s
      .string({ description: 'Intermediate certificate object name.', maxLength: 127 })
      .optional(),
    keyObjectName: s.string({ description: 'Intermediate key object name.', maxLength: 127 }).optional(),
    rootCertObjectName: s.string({ description: 'Root certificate object name.', maxLength: 127 }).optional(),
    certChainObjectName: s
      .string({ description: 'Certificate chain object name.', maxLength: 127 })
      .optional(),
  },
  {
    description:
      'Plug-in CA certificates kept in Azure Key Vault (needs the Key Vault secrets provider add-on).',
  },
);

export const serviceMeshProfile = s.object(
  {
    mode: s.enum(valuesOf(ServiceMeshMode), { description: 'Istio (the Istio-based add-on) or Disabled.' }),
    istio: s
      .object(
        {
          revisions: s
            .array(
              s.string({
                description: 'An Istio revision, e.g. asm-1-25.',
                pattern: '^asm-[0-9]+-[0-9]+$',
                maxLength: 16,
              }),
              {
                description:
                  'Control-plane revisions to run: one, or two during a canary upgrade. When omitted AKS picks the default revision on enable.',
                maxItems: 2,
                listType: 'set',
              },
            )
            .optional(),
          components: s
            .object(
              {
                ingressGateways: s
                  .array(ingressGateway, {
                    description: 'Ingress gateways: at most one External and one Internal.',
                    maxItems: 2,
                    listType: 'map',
                    listMapKeys: ['mode'],
                  })
                  .optional(),
              },
              { description: 'Istio components.' },
            )
            .optional(),
          certificateAuthority: s
            .object({ plugin: pluginCa.optional() }, { description: 'Certificate authority of the mesh.' })
            .optional(),
        },
        { description: 'Istio settings; only with mode: Istio.' },
      )
      .optional(),
  },
  {
    description: "Service mesh add-on. Fields left out are Azure's.",
    rules: [
      {
        rule: "self.mode == 'Istio' || !has(self.istio)",
        fieldPath: '.istio',
        message: 'serviceMeshProfile.istio needs mode: Istio; remove istio or set mode: Istio',
      },
    ],
  },
);
