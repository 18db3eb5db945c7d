// Updates carry the ETag read in the same pass: a write based on a read that another writer has since
// overtaken answers 412 and is observed again instead of landing.
import type { WriteConditions } from '../../azure/index.js';

export function ifMatch(observed: { eTag?: string } | undefined): WriteConditions {
  return observed?.eTag ? { ifMatch: observed.eTag } : {};
}
