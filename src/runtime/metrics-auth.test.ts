import { ManualClock } from './clock.js';
import {
  ALLOW_CACHE_TTL_MS,
  DelegatingAuthorizer,
  DENY_CACHE_TTL_MS,
  FAILED_TOKEN_CACHE_TTL_MS,
  TOKEN_CACHE_TTL_MS,
} from './metrics-auth.js';
import { FakeAccessReviewClient } from './testing/fake-access-review-client.js';

function setup(): { reviews: FakeAccessReviewClient; clock: ManualClock; authorizer: DelegatingAuthorizer } {
  const reviews = new FakeAccessReviewClient()
    .addUser('reader-token', 'system:serviceaccount:monitoring:prometheus', ['get /metrics'])
    .addUser('other-token', 'system:serviceaccount:team-a:app');
  const clock = new ManualClock();
  return { reviews, clock, authorizer: new DelegatingAuthorizer({ reviews, clock }) };
}

const get = (authorization?: string) => ({
  method: 'GET',
  path: '/metrics',
  ...(authorization ? { authorization } : {}),
});

describe('DelegatingAuthorizer', () => {
  it.each([
    ['refuses a request without a token with 401', undefined, 401],
    ['refuses a header that is not a bearer token with 401', 'Basic dTpw', 401],
    ['refuses a token the TokenReview does not authenticate with 401', 'Bearer forged', 401],
    ['refuses a user the SubjectAccessReview does not allow with 403', 'Bearer other-token', 403],
    ['allows a user who may get /metrics', 'Bearer reader-token', 200],
  ])('%s', async (_name, authorization, status) => {
    const { authorizer } = setup();
    expect((await authorizer.authorize(get(authorization))).status).toBe(status);
  });

  it('asks nothing of the API server when no token is sent', async () => {
    const { authorizer, reviews } = setup();
    await authorizer.authorize(get());
    expect([reviews.tokenReviews, reviews.accessReviews]).toEqual([0, 0]);
  });

  it('asks for the lower-cased method on the path, HEAD as get', async () => {
    const { authorizer, reviews } = setup();
    reviews.addUser('poster', 'poster', ['post /metrics']);
    expect((await authorizer.authorize({ ...get('Bearer poster'), method: 'POST' })).status).toBe(200);
    expect((await authorizer.authorize({ ...get('Bearer reader-token'), method: 'HEAD' })).status).toBe(200);
    expect((await authorizer.authorize({ ...get('Bearer reader-token'), path: '/other' })).status).toBe(403);
  });

  it('names the user it denied', async () => {
    const { authorizer } = setup();
    expect(await authorizer.authorize(get('Bearer other-token'))).toEqual({
      status: 403,
      message: 'Authorization denied for user system:serviceaccount:team-a:app',
    });
  });

  it('answers 500 when it cannot ask the API server, and caches no such answer', async () => {
    const { authorizer, reviews } = setup();
    reviews.failure = new Error('connect ECONNREFUSED');
    expect(await authorizer.authorize(get('Bearer reader-token'))).toEqual({
      status: 500,
      message: 'Authentication failed: connect ECONNREFUSED',
    });
    delete reviews.failure;
    expect((await authorizer.authorize(get('Bearer reader-token'))).status).toBe(200);
  });

  it('reuses an allowed decision within the cache time, and asks again after it', async () => {
    const { authorizer, reviews, clock } = setup();
    for (let i = 0; i < 3; i++) await authorizer.authorize(get('Bearer reader-token'));
    expect([reviews.tokenReviews, reviews.accessReviews]).toEqual([1, 1]);
    await clock.advance(TOKEN_CACHE_TTL_MS + 1);
    await authorizer.authorize(get('Bearer reader-token'));
    expect([reviews.tokenReviews, reviews.accessReviews]).toEqual([2, 1]);
    await clock.advance(ALLOW_CACHE_TTL_MS);
    await authorizer.authorize(get('Bearer reader-token'));
    expect([reviews.tokenReviews, reviews.accessReviews]).toEqual([3, 2]);
  });

  it('remembers a denial and a bad token only briefly, so a new grant or token works soon', async () => {
    const { authorizer, reviews, clock } = setup();
    expect((await authorizer.authorize(get('Bearer other-token'))).status).toBe(403);
    expect((await authorizer.authorize(get('Bearer late-token'))).status).toBe(401);
    reviews.grants.add('system:serviceaccount:team-a:app get /metrics');
    reviews.addUser('late-token', 'late');
    expect((await authorizer.authorize(get('Bearer other-token'))).status).toBe(403);
    expect((await authorizer.authorize(get('Bearer late-token'))).status).toBe(401);
    await clock.advance(Math.max(DENY_CACHE_TTL_MS, FAILED_TOKEN_CACHE_TTL_MS) + 1);
    expect((await authorizer.authorize(get('Bearer other-token'))).status).toBe(200);
    expect((await authorizer.authorize(get('Bearer late-token'))).status).toBe(403);
  });
});
