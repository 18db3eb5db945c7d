// Optimistic concurrency as AKS implements it (If-Match / If-None-Match on PUT, If-Match on PATCH,
// DELETE and actions): 412 on a stale or impossible precondition, 400 on a malformed one.
import { aksErrors } from './aks-errors.js';
import { header, type SimRequest } from './http-types.js';

export function checkPutPreconditions(req: SimRequest, currentETag: string | undefined): void {
  const ifMatch = header(req, 'if-match');
  const ifNoneMatch = header(req, 'if-none-match');
  if (ifMatch && ifNoneMatch) {
    throw aksErrors.badRequest('If-Match and If-None-Match headers cannot be specified together.');
  }
  if (ifNoneMatch && ifNoneMatch !== '*') {
    throw aksErrors.badRequest(
      `If-None-Match header value '${ifNoneMatch}' is not supported; only '*' is allowed.`,
    );
  }
  if (ifNoneMatch === '*' && currentETag !== undefined) {
    throw aksErrors.preconditionFailed('The resource already exists and If-None-Match: * was specified.');
  }
  checkIfMatch(req, currentETag);
}

export function checkIfMatch(req: SimRequest, currentETag: string | undefined): void {
  const ifMatch = header(req, 'if-match');
  if (!ifMatch) return;
  if (currentETag === undefined) {
    throw aksErrors.preconditionFailed(
      `The resource does not exist but If-Match '${ifMatch}' was specified.`,
    );
  }
  if (ifMatch === '*') return;
  const wanted = ifMatch.replace(/^W\//, '').replace(/^"|"$/g, '');
  if (wanted !== currentETag) {
    throw aksErrors.preconditionFailed(
      `The specified If-Match '${ifMatch}' does not match the resource's current eTag '${currentETag}'.`,
    );
  }
}
