import { ClientAssertionCredential, ClientSecretCredential, DefaultAzureCredential } from '@azure/identity';
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

  it('uses the ambient identity when none is given', () => {
    expect(new AzureIdentityCredentialSource().credentialFor({})).toBeInstanceOf(DefaultAzureCredential);
  });

  it("exchanges a workload identity through its namespace's token, one credential per namespace", async () => {
    const minted: string[] = [];
    const source = new AzureIdentityCredentialSource({
      serviceAccountTokens: {
        token: (namespace) => {
          minted.push(namespace);
          return Promise.reject(new Error('no API server here'));
        },
      },
    });
    const wi = { useWorkloadIdentity: true, tenantId: SP.tenantId, clientId: 'team-b' };
    const fromA = source.credentialFor({ ...wi, namespace: 'team-a' });
    expect(fromA).toBeInstanceOf(ClientAssertionCredential);
    expect(source.credentialFor({ ...wi, namespace: 'team-b' })).not.toBe(fromA);
    await expect(fromA.getToken('https://management.azure.com/.default')).rejects.toThrow();
    expect(minted).toEqual(['team-a']);
  });

  it('refuses a workload identity without a namespace token source as an invalid reference', () => {
    let thrown: unknown;
    try {
      new AzureIdentityCredentialSource().credentialFor({
        useWorkloadIdentity: true,
        tenantId: SP.tenantId,
        clientId: 'team-b',
        namespace: 'team-a',
      });
    } catch (err: unknown) {
      thrown = err;
    }
    expect(isInvalidSpecError(thrown) && thrown.reason).toBe('InvalidCredentialReference');
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
