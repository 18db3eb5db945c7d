import { AzureAccessResolver, EVERY_NAMESPACE, type SecretReader } from './azure-access.js';
import { isSpecProblem } from './spec-problem.js';

const SUB_A = 'aaaaaaaa-0000-0000-0000-000000000000';
const SUB_B = 'bbbbbbbb-0000-0000-0000-000000000000';

function secrets(data: Record<string, Record<string, string>>): SecretReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read: async (ns, name) => {
      reads.push(`${ns}/${name}`);
      return data[`${ns}/${name}`];
    },
  };
}

const sp = { tenantId: 't', clientId: 'c', clientSecret: 's3cret' };

describe('AzureAccessResolver', () => {
  it('uses the operator identity and the spec subscription without a credential where allowed', async () => {
    const r = await new AzureAccessResolver(secrets({}), { operatorIdentityNamespaces: ['ns'] }).resolve({
      namespace: 'ns',
      subscriptionId: SUB_A,
    });
    expect(r).toEqual({ subscriptionId: SUB_A, identity: {}, source: 'the operator identity' });
  });

  it.each([
    ['by default', undefined],
    ['when only other namespaces are allowed', ['other']],
  ])('stalls an object without a credential %s', async (_when, allowed) => {
    const r = await new AzureAccessResolver(
      secrets({}),
      allowed ? { operatorIdentityNamespaces: allowed } : {},
    ).resolve({ namespace: 'ns', subscriptionId: SUB_A });
    expect(isSpecProblem(r) && r.reason).toBe('OperatorIdentityNotAllowed');
  });

  it("exchanges a workload identity through the object's own namespace", async () => {
    const wi = {
      tenantId: 't',
      clientId: 'team-b-client',
      useWorkloadIdentity: 'true',
      subscriptionId: SUB_B,
    };
    const r = await new AzureAccessResolver(secrets({ 'team-a/borrowed': wi })).resolve({
      namespace: 'team-a',
      credentialRef: { name: 'borrowed' },
    });
    expect(r).toMatchObject({ identity: { clientId: 'team-b-client', namespace: 'team-a' } });
  });

  it('uses the credentialRef Secret and its pinned subscription', async () => {
    const r = await new AzureAccessResolver(secrets({ 'ns/team': { ...sp, subscriptionId: SUB_A } })).resolve(
      {
        namespace: 'ns',
        credentialRef: { name: 'team' },
      },
    );
    expect(r).toMatchObject({ subscriptionId: SUB_A, identity: { clientId: 'c', clientSecret: 's3cret' } });
  });

  it('falls back to the namespace default Secret', async () => {
    const reader = secrets({ 'ns/azure-credentials': { ...sp, subscriptionId: SUB_B } });
    const r = await new AzureAccessResolver(reader, { namespaceSecretName: 'azure-credentials' }).resolve({
      namespace: 'ns',
    });
    expect(r).toMatchObject({ subscriptionId: SUB_B });
    expect(reader.reads).toEqual(['ns/azure-credentials']);
  });

  it.each([
    ['a missing credentialRef Secret', {}, { credentialRef: { name: 'team' } }, 'CredentialsNotFound'],
    [
      'a Secret without clientId',
      { 'ns/team': { tenantId: 't', clientSecret: 'x' } },
      { credentialRef: { name: 'team' } },
      'CredentialsNotFound',
    ],
    [
      'a Secret without a secret or workload identity',
      { 'ns/team': { tenantId: 't', clientId: 'c' } },
      { credentialRef: { name: 'team' } },
      'CredentialsNotFound',
    ],
    [
      "a subscription outside the Secret's",
      { 'ns/team': { ...sp, subscriptionId: SUB_A } },
      { credentialRef: { name: 'team' }, subscriptionId: SUB_B },
      'SubscriptionNotAllowed',
    ],
    ['no subscription anywhere', {}, {}, 'SubscriptionNotSet'],
  ])('refuses %s', async (_what, data, req, reason) => {
    const r = await new AzureAccessResolver(secrets(data), {
      operatorIdentityNamespaces: [EVERY_NAMESPACE],
    }).resolve({ namespace: 'ns', ...req });
    expect(isSpecProblem(r) && r.reason).toBe(reason);
  });

  it('never puts the client secret in a message', async () => {
    const r = await new AzureAccessResolver(secrets({ 'ns/team': { ...sp, subscriptionId: SUB_A } })).resolve(
      {
        namespace: 'ns',
        credentialRef: { name: 'team' },
        subscriptionId: SUB_B,
      },
    );
    expect(JSON.stringify(r)).not.toContain('s3cret');
  });
});
