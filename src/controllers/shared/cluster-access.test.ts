import { BlockedError, RetryPolicy, retryPolicyOf } from '../../runtime/index.js';
import { managedCluster, TEST_SUBSCRIPTION } from '../testing/objects.js';
import { reconcilerKit } from '../testing/reconciler-kit.js';
import { clusterAccess } from './cluster-access.js';

const OTHER_SUBSCRIPTION = '00000000-0000-0000-0000-0000000000c4';
const signal = new AbortController().signal;
const credential = (subscriptionId: string): Record<string, string> => ({
  tenantId: 't',
  clientId: 'c',
  clientSecret: 's',
  subscriptionId,
});

describe('clusterAccess', () => {
  it('refuses a subscription its Secret does not allow as a block, and acts once the Secret allows it', async () => {
    const kit = reconcilerKit();
    const mc = managedCluster({ spec: { credentialRef: { name: 'team' } } });
    kit.secrets.set('team-a/team', credential(OTHER_SUBSCRIPTION));

    const refused = await clusterAccess(kit.ctx, mc, signal).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(BlockedError);
    expect(refused).toMatchObject({ reason: 'SubscriptionNotAllowed' });
    // Backed off and tried again without a spec change: fixing the Secret is enough.
    expect(retryPolicyOf(refused)).toBe(RetryPolicy.BlockedBackoff);

    kit.secrets.set('team-a/team', credential(TEST_SUBSCRIPTION));
    expect(await clusterAccess(kit.ctx, mc, signal)).toMatchObject({ subscriptionId: TEST_SUBSCRIPTION });
  });
});
