// Authentication and authorization of /metrics by delegation to the Kubernetes API server, as
// controller-runtime's `filters.WithAuthenticationAndAuthorization` and kube-rbac-proxy do: the bearer
// token must pass a TokenReview, and its user must be allowed to `get` the non-resource URL per a
// SubjectAccessReview. Decisions are cached briefly so a scrape every 30 s costs no API calls.
import { createHash } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { realClock, type Clock } from './clock.js';
import { kubeRequest } from './kube-request.js';

/** The user a TokenReview names. */
export interface ReviewedUser {
  username: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/** The two reviews the API server answers. Both only ask; neither writes anything. */
export interface AccessReviewClient {
  /** The token's user, or undefined when the API server does not authenticate it. Throws when it cannot ask. */
  reviewToken(token: string, signal?: AbortSignal): Promise<ReviewedUser | undefined>;
  /** Whether `user` may `verb` the non-resource URL `path`. Throws when it cannot ask. */
  reviewAccess(
    user: ReviewedUser,
    request: { verb: string; path: string },
    signal?: AbortSignal,
  ): Promise<{ allowed: boolean; reason?: string }>;
}

/** What the health server learns of a request to a protected path. */
export interface ProtectedRequest {
  /** The Authorization header, when sent. */
  authorization?: string;
  /** HTTP method. */
  method: string;
  path: string;
}

/** 200: serve it. 401: no or bad credentials. 403: authenticated but not allowed. 500: could not ask. */
export type AuthDecision = { status: 200; user: string } | { status: 401 | 403 | 500; message: string };

/** Decides whether a request to a protected path may be served. Never throws. */
export interface RequestAuthorizer {
  authorize(request: ProtectedRequest, signal?: AbortSignal): Promise<AuthDecision>;
}

// controller-runtime's choices: tokens 1 minute, allowed 5 minutes, denied 30 seconds.
export const TOKEN_CACHE_TTL_MS = 60_000;
export const FAILED_TOKEN_CACHE_TTL_MS = 10_000;
export const ALLOW_CACHE_TTL_MS = 5 * 60_000;
export const DENY_CACHE_TTL_MS = 30_000;
const MAX_CACHE_ENTRIES = 1024;

/** A small map whose entries expire; the oldest entry goes when it is full. */
class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAtMs: number }>();

  constructor(private readonly clock: Clock) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs > this.clock.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V, ttlMs: number): void {
    this.entries.delete(key);
    if (this.entries.size >= MAX_CACHE_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAtMs: this.clock.now() + ttlMs });
  }
}

export interface DelegatingAuthorizerOptions {
  reviews: AccessReviewClient;
  clock?: Clock;
}

/** TokenReview, then SubjectAccessReview, each answer cached; the kube-rbac-proxy convention. */
export class DelegatingAuthorizer implements RequestAuthorizer {
  private readonly reviews: AccessReviewClient;
  // Keyed by a hash of the token: the cache holds no credential.
  private readonly tokens: ExpiringCache<ReviewedUser | null>;
  private readonly decisions: ExpiringCache<{ allowed: boolean; reason?: string }>;

  constructor(options: DelegatingAuthorizerOptions) {
    this.reviews = options.reviews;
    const clock = options.clock ?? realClock;
    this.tokens = new ExpiringCache(clock);
    this.decisions = new ExpiringCache(clock);
  }

  async authorize(request: ProtectedRequest, signal?: AbortSignal): Promise<AuthDecision> {
    const token = bearerToken(request.authorization);
    if (!token) return { status: 401, message: 'Unauthorized: send a bearer token' };
    let user: ReviewedUser | undefined;
    try {
      user = await this.authenticate(token, signal);
    } catch (err: unknown) {
      return { status: 500, message: `Authentication failed: ${errorMessage(err)}` };
    }
    if (!user) return { status: 401, message: 'Unauthorized' };
    // The API server names non-resource verbs by the lower-cased method; HEAD reads like GET.
    const verb = request.method === 'HEAD' ? 'get' : request.method.toLowerCase();
    try {
      const decision = await this.authorizeUser(user, { verb, path: request.path }, signal);
      if (!decision.allowed)
        return { status: 403, message: `Authorization denied for user ${user.username}` };
    } catch (err: unknown) {
      return {
        status: 500,
        message: `Authorization for user ${user.username} failed: ${errorMessage(err)}`,
      };
    }
    return { status: 200, user: user.username };
  }

  private async authenticate(token: string, signal?: AbortSignal): Promise<ReviewedUser | undefined> {
    const key = createHash('sha256').update(token).digest('hex');
    const cached = this.tokens.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const user = await this.reviews.reviewToken(token, signal);
    this.tokens.set(key, user ?? null, user ? TOKEN_CACHE_TTL_MS : FAILED_TOKEN_CACHE_TTL_MS);
    return user;
  }

  private async authorizeUser(
    user: ReviewedUser,
    request: { verb: string; path: string },
    signal?: AbortSignal,
  ): Promise<{ allowed: boolean; reason?: string }> {
    const key = JSON.stringify([
      user.username,
      user.uid,
      user.groups,
      user.extra,
      request.verb,
      request.path,
    ]);
    const cached = this.decisions.get(key);
    if (cached) return cached;
    const decision = await this.reviews.reviewAccess(user, request, signal);
    this.decisions.set(key, decision, decision.allowed ? ALLOW_CACHE_TTL_MS : DENY_CACHE_TTL_MS);
    return decision;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

interface TokenReviewStatus {
  authenticated?: boolean;
  user?: ReviewedUser;
  error?: string;
}
interface SubjectAccessReviewStatus {
  allowed?: boolean;
  denied?: boolean;
  reason?: string;
}

/**
 * Reviews asked of the API server `kc` points at. The caller needs `create` on
 * tokenreviews.authentication.k8s.io and subjectaccessreviews.authorization.k8s.io.
 */
export function kubeAccessReviewClient(kc: KubeConfig): AccessReviewClient {
  return {
    async reviewToken(token, signal) {
      const review = await kubeRequest<{ status?: TokenReviewStatus }>(kc, {
        method: 'POST',
        path: '/apis/authentication.k8s.io/v1/tokenreviews',
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } },
        ...(signal ? { signal } : {}),
      });
      const status = review.status;
      return status?.authenticated === true && status.user?.username ? status.user : undefined;
    },
    async reviewAccess(user, request, signal) {
      const review = await kubeRequest<{ status?: SubjectAccessReviewStatus }>(kc, {
        method: 'POST',
        path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: {
            user: user.username,
            ...(user.uid ? { uid: user.uid } : {}),
            ...(user.groups ? { groups: user.groups } : {}),
            ...(user.extra ? { extra: user.extra } : {}),
            nonResourceAttributes: { verb: request.verb, path: request.path },
          },
        },
        ...(signal ? { signal } : {}),
      });
      const status = review.status;
      return {
        allowed: status?.allowed === true && status.denied !== true,
        ...(status?.reason ? { reason: status.reason } : {}),
      };
    },
  };
}
