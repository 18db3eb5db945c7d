// An API server's TokenReview and SubjectAccessReview in memory: known tokens name users, and a set of
// "user verb path" grants answers access. Counts the reviews it was asked, so tests can see the cache.
import type { AccessReviewClient, ReviewedUser } from '../metrics-auth.js';

export class FakeAccessReviewClient implements AccessReviewClient {
  readonly users = new Map<string, ReviewedUser>();
  readonly grants = new Set<string>();
  tokenReviews = 0;
  accessReviews = 0;
  /** When set, every review throws it (the API server cannot be reached). */
  failure?: Error;

  /** A token that authenticates as `username`, allowed the given `verb path` pairs. */
  addUser(token: string, username: string, allowed: string[] = []): this {
    this.users.set(token, { username, groups: ['system:authenticated'] });
    for (const grant of allowed) this.grants.add(`${username} ${grant}`);
    return this;
  }

  reviewToken(token: string): Promise<ReviewedUser | undefined> {
    this.tokenReviews++;
    if (this.failure) return Promise.reject(this.failure);
    return Promise.resolve(this.users.get(token));
  }

  reviewAccess(
    user: ReviewedUser,
    request: { verb: string; path: string },
  ): Promise<{ allowed: boolean; reason?: string }> {
    this.accessReviews++;
    if (this.failure) return Promise.reject(this.failure);
    return Promise.resolve({ allowed: this.grants.has(`${user.username} ${request.verb} ${request.path}`) });
  }
}
