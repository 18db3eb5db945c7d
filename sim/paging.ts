// List paging with ARM's nextLink: an absolute URL carrying a $skipToken with the offset of the next page.
import type { SimRequest } from './http-types.js';
import type { Json, JsonObject } from './json.js';

export interface PageOptions {
  pageSize: number;
  /** Also link to an (empty) page after the last full one, as real AKS does for agent pools. */
  trailingEmptyPage?: boolean;
}

export function page(req: SimRequest, items: Json[], options: PageOptions): JsonObject {
  const token = req.query.get('$skipToken');
  const offset = token
    ? Math.max(0, Number.parseInt(Buffer.from(token, 'base64url').toString(), 10) || 0)
    : 0;
  const size = Math.max(1, options.pageSize);
  const value = items.slice(offset, offset + size);
  const end = offset + value.length;
  const body: JsonObject = { value };
  const more = end < items.length;
  const trailing = options.trailingEmptyPage === true && offset === 0 && !more && items.length > 0;
  if (more || trailing) {
    const next = new URLSearchParams(req.query);
    next.delete('$skipToken');
    // ARM writes `$skipToken` unencoded.
    const rest = next.toString();
    body.nextLink = `${req.baseUrl}${req.path}?${rest ? `${rest}&` : ''}$skipToken=${Buffer.from(String(end)).toString('base64url')}`;
  }
  return body;
}
