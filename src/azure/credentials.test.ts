import { ClientSecretCredential, DefaultAzureCredential, WorkloadIdentityCredential } from '@azure/identity';
import { isInvalidSpecError } from '../runtime/index.js';
import {
  AzureIdentityCredentialSource,
  describeIdentity,
  identityKey,
  StaticTokenCredentialSource,
  staticTokenCredential,
} from './credentials.js';

const SP = {
  tenantId: '11111111-1111-1111-1111-111111111111',
  clientId: 'app-1',
  clientSecret: 's3cr3t-value',
};

describe('credentials', () => {
  it('builds a service-principal credential from a secret, once per identity', () => {
    const source = new AzureIdentityCredentialSource();
    const credential = source.credentialFor(SP);
    expect(credential).toBeInstanceOf(ClientSecretCredential);
    expect(source.credentialFor({ ...SP })).toBe(credential);
    expect(source.credentialFor({ ...SP, clientSecret: 'rotated' })).not.toBe(credential);
  });

  it('uses the ambient identity when none is given, and workload identity when asked', () => {
    const source = new AzureIdentityCredentialSource();
    expect(source.credentialFor({})).toBeInstanceOf(DefaultAzureCredential);
    // The workload-identity webhook injects the token file path into the operator's pod.
    const saved = process.env.AZURE_FEDERATED_TOKEN_FILE;
    process.env.AZURE_FEDERATED_TOKEN_FILE = '/var/run/secrets/azure/tokens/azure-identity-token';
    try {
      const wi = source.credentialFor({
        useWorkloadIdentity: true,
        tenantId: SP.tenantId,
        clientId: 'app-2',
      });
      expect(wi).toBeInstanceOf(WorkloadIdentityCredential);
    } finally {
      if (saved === undefined) delete process.env.AZURE_FEDERATED_TOKEN_FILE;
      else process.env.AZURE_FEDERATED_TOKEN_FILE = saved;
    }
  });

  it('refuses a service principal without tenant or client as an invalid reference', () => {
    let thrown: unknown;
    try {
      new AzureIdentityCredentialSource().credentialFor({ clientSecret: 'x', clientId: 'app' });
    } catch (err: unknown) {
      thrown = err;
    }
    expect(isInvalidSpecError(thrown) && thrown.reason).toBe('InvalidCredentialReference');
    expect((thrown as Error).message).not.toContain('x,');
  });

  it('never puts the secret in keys or descriptions', () => {
    expect(identityKey(SP)).not.toContain(SP.clientSecret);
    expect(identityKey(SP)).not.toBe(identityKey({ ...SP, clientSecret: 'other' }));
    expect(describeIdentity(SP)).toBe(`service principal app-1 in tenant ${SP.tenantId}`);
    expect(describeIdentity(SP)).not.toContain(SP.clientSecret);
  });

  it('hands the simulator one static token for every identity', async () => {
    const source = new StaticTokenCredentialSource('tok');
    expect(source.credentialFor(SP)).toBe(source.credentialFor({}));
    const token = await staticTokenCredential('abc', 1_000).getToken('https://management.azure.com/.default');
    expect(token?.token).toBe('abc');
  });
});
