import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { clusterCredentials, readClusterAccess } from './credentials.js';

const CLUSTER = {
  id: '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1',
  name: 'c1',
  location: 'eastus',
  kubernetesVersion: '1.33.2',
  nodeResourceGroup: 'MC_rg1_c1_eastus',
};

describe('cluster credentials', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dp-credentials-'));
    await writeFile(join(dir, 'ca.crt'), 'CA');
    await writeFile(join(dir, 'admin.crt'), 'CERT');
    await writeFile(join(dir, 'admin.key'), 'KEY');
    await writeFile(
      join(dir, 'kubeconfig.yaml'),
      [
        'apiVersion: v1',
        'clusters:',
        '- cluster:',
        `    certificate-authority: ${join(dir, 'ca.crt')}`,
        '    server: https://127.0.0.1:32764',
        '  name: kwok-x',
        'users:',
        '- name: kwok-x',
        '  user:',
        '    client-certificate: admin.crt',
        `    client-key: ${join(dir, 'admin.key')}`,
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('inlines the files a kubeconfig refers to, relative ones from its folder', async () => {
    expect(await readClusterAccess(join(dir, 'kubeconfig.yaml'))).toEqual({
      server: 'https://127.0.0.1:32764',
      certificateAuthorityData: Buffer.from('CA').toString('base64'),
      clientCertificateData: Buffer.from('CERT').toString('base64'),
      clientKeyData: Buffer.from('KEY').toString('base64'),
    });
  });

  it('names admin and user kubeconfigs as AKS does', async () => {
    const access = await readClusterAccess(join(dir, 'kubeconfig.yaml'));
    const { adminKubeconfig, userKubeconfig } = clusterCredentials(CLUSTER, access);
    const admin = parse(adminKubeconfig) as Record<string, unknown>;
    const user = parse(userKubeconfig) as Record<string, unknown>;
    expect(admin).toMatchObject({
      'current-context': 'c1-admin',
      clusters: [{ name: 'c1', cluster: { server: 'https://127.0.0.1:32764' } }],
      users: [{ name: 'clusterAdmin_rg1_c1', user: { 'client-key-data': access.clientKeyData } }],
    });
    expect(user).toMatchObject({ 'current-context': 'c1', users: [{ name: 'clusterUser_rg1_c1' }] });
  });

  it('gives an Entra ID cluster a user kubeconfig that logs in with kubelogin for the AKS server app, no certificate', async () => {
    const access = await readClusterAccess(join(dir, 'kubeconfig.yaml'));
    const aad = {
      tenantId: 'tenant-1',
      isAzureRbac: false,
      isLocalAccountsDisabled: true,
      adminGroupObjectIds: [],
    };
    const { userKubeconfig } = clusterCredentials({ ...CLUSTER, aad }, access);
    const user = (parse(userKubeconfig) as { users: { user: Record<string, unknown> }[] }).users[0]?.user;
    expect(user).not.toHaveProperty('client-key-data');
    expect(user).toMatchObject({ exec: { command: 'kubelogin' } });
    const args = (user?.exec as { args: string[] }).args;
    expect(args[0]).toBe('get-token');
    expect(args[args.indexOf('--server-id') + 1]).toBe('6dae42f8-4368-4678-94ff-3960e28e3630');
    expect(args[args.indexOf('--tenant-id') + 1]).toBe('tenant-1');
  });
});
