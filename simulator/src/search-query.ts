/**
 * The query keys of GET /checkout (search). A key the spec does not declare is never ignored: an ignored
 * filter answers with every checkout, and the caller believes its filter worked. The vendor's PHP SDK
 * builds `checkout?/orderId=…` (a stray `/` before the first key), so:
 * - strict mode: any undeclared or malformed key is the spec's 400 envelope naming it;
 * - default mode: a declared key with stray `/` or spaces around it (and the SDK's empty `/` key) is read
 *   as meant and named in the `X-Simulator-Warning` header; any other undeclared key is still a 400.
 */
import { badRequest } from './envelope';

/** Every query parameter of search-checkouts (2022 spec plus the 2026 additions to its enums). */
export const SEARCH_KEYS = [
  'type',
  'requestId',
  'orderId',
  'status',
  'customer.reference',
  'customer.email',
  'customer.phone',
  'afterId',
  'afterTimestamp',
  'page',
  'size',
] as const;

const KNOWN: readonly string[] = SEARCH_KEYS;

function unknownKey(key: string, meant?: string): Error {
  const hint = meant === undefined ? '' : meant === '' ? ' (an empty key)' : ` (did you mean '${meant}'?)`;
  return badRequest(`Unknown query parameter '${key}'${hint}: the checkout search takes ${SEARCH_KEYS.join(', ')}`);
}

/** The query with only declared keys; throws the 400 described above; appends to `warnings` what it forgave. */
export function searchQuery(query: URLSearchParams, strict: boolean, warnings: string[]): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of query) {
    if (KNOWN.includes(key)) {
      out.append(key, value);
      continue;
    }
    const meant = key.replace(/^[\s/]+|\s+$/g, '');
    const forgivable = KNOWN.includes(meant) || (meant === '' && value === '');
    if (strict || !forgivable) throw unknownKey(key, forgivable ? meant : undefined);
    if (meant === '') {
      warnings.push(`ignored the empty query key '${key}'; PointCheckout documents no such parameter`);
    } else {
      warnings.push(`read the query key '${key}' as '${meant}'; PointCheckout documents only '${meant}' and may ignore '${key}'`);
      out.append(meant, value);
    }
  }
  return out;
}
