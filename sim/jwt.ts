// Compact JWTs as Entra ID reads a client assertion (the claims, and the signature checked against the
// issuer's published keys, RS256 or ES256 as Kubernetes service-account tokens use) and as it signs
// its own access tokens (RS256, the key named by `kid` in its JWKS).
import { createPublicKey, sign, verify, type KeyObject, type webcrypto } from 'node:crypto';

export interface JwtClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  [claim: string]: unknown;
}

export interface DecodedJwt {
  header: { alg?: string; kid?: string };
  claims: JwtClaims;
  /** `header.payload`, the bytes the signature covers. */
  signedPart: string;
  signature: Buffer;
}

export interface Jwks {
  keys: (webcrypto.JsonWebKey & { kid?: string })[];
}

/** The parts of a compact JWT; undefined when it is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    return {
      header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as DecodedJwt['header'],
      claims: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JwtClaims,
      signedPart: `${header}.${payload}`,
      signature: Buffer.from(signature, 'base64url'),
    };
  } catch {
    // Not base64url JSON: the caller answers "malformed", which is all Entra says too.
    return undefined;
  }
}

/** Whether one of the keys (the one named by `kid` when it names one) signed the token. */
export function hasValidSignature(jwt: DecodedJwt, jwks: Jwks): boolean {
  const candidates = jwks.keys.filter((k) => !jwt.header.kid || !k.kid || k.kid === jwt.header.kid);
  return candidates.some((jwk) => {
    try {
      const key = createPublicKey({ key: jwk, format: 'jwk' });
      const data = Buffer.from(jwt.signedPart);
      if (jwt.header.alg === 'RS256') return verify('RSA-SHA256', data, key, jwt.signature);
      if (jwt.header.alg === 'ES256')
        return verify('SHA256', data, { key, dsaEncoding: 'ieee-p1363' }, jwt.signature);
      return false;
    } catch {
      // A key of another type or shape cannot have signed it; try the next.
      return false;
    }
  });
}

/** The audiences of a token, as a list. */
export function audiences(claims: JwtClaims): string[] {
  if (Array.isArray(claims.aud)) return claims.aud;
  return claims.aud ? [claims.aud] : [];
}

/** Signs `claims` with an RSA private key as RS256, naming the key `kid`. */
export function signJwt(claims: JwtClaims, key: { privateKey: KeyObject; kid: string }): string {
  const header = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: key.kid })).toString(
    'base64url',
  );
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), key.privateKey);
  return `${header}.${payload}.${signature.toString('base64url')}`;
}
