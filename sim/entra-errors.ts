// Entra ID's token-endpoint errors as it sends them: an OAuth error, an AADSTS code and its message,
// the code list, trace and correlation IDs. Messages follow what Entra answers for the same mistake.
import { randomUUID } from 'node:crypto';
import type { Json } from './json.js';

const FEDERATION_DOCS = 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation';
const CHECK_FEDERATION = `Check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${FEDERATION_DOCS}`;

export class EntraError extends Error {
  override readonly name = 'EntraError';
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    message: string,
  ) {
    super(`AADSTS${aadsts}: ${message}`);
  }

  /** The JSON body Entra sends with this error. */
  body(): Json {
    const traceId = randomUUID();
    const correlationId = randomUUID();
    const timestamp = new Date()
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
    return {
      error: this.error,
      error_description: `${this.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [this.aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${this.aadsts}`,
    };
  }
}

export const entraErrors = {
  applicationNotFound(clientId: string, tenantId: string): EntraError {
    return new EntraError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  },
  unsupportedGrantType(): EntraError {
    return new EntraError(
      400,
      'unsupported_grant_type',
      70003,
      'The app requested an unsupported grant type.',
    );
  },
  noCredential(): EntraError {
    return new EntraError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  },
  invalidClientSecret(clientId: string): EntraError {
    return new EntraError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    );
  },
  malformedAssertion(): EntraError {
    return new EntraError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
  },
  noMatchingIssuer(issuer: string): EntraError {
    return new EntraError(
      400,
      'invalid_request',
      700211,
      `No matching federated identity record found for presented assertion issuer '${issuer}'. Please note that the matching is done using a case-sensitive comparison. ${CHECK_FEDERATION}`,
    );
  },
  invalidSignature(): EntraError {
    return new EntraError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
  },
  outsideValidity(): EntraError {
    return new EntraError(
      401,
      'invalid_client',
      700024,
      'Client assertion is not within its valid time range.',
    );
  },
  noMatchingAudience(audience: string): EntraError {
    return new EntraError(
      400,
      'invalid_request',
      700212,
      `No matching federated identity record found for presented assertion audience '${audience}'. ${CHECK_FEDERATION}`,
    );
  },
  noMatchingSubject(subject: string): EntraError {
    return new EntraError(
      400,
      'invalid_request',
      700213,
      `No matching federated identity record found for presented assertion subject '${subject}'. ${CHECK_FEDERATION}`,
    );
  },
} as const;
