/**
 * Property tests of the input edges: the callables' schemas and the webhook's body parser never throw on junk,
 * refuse it with a message that names a field, and never read ids from anywhere but the documented places.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import {
  cancelCheckoutInputSchema,
  createQrCheckoutInputSchema,
  describeIssues,
  getCheckoutInputSchema,
  reconcileNowInputSchema,
  refundCheckoutInputSchema,
} from '../../functions/src/domain/schemas';
import { parseWebhookIds } from '../../functions/src/webhook/parse';
import { record } from '../reliability/report';
import { SEED, sizes } from '../reliability/scale';

const options = { numRuns: sizes.propertyRuns, seed: SEED };
const junk = fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true });
const SCHEMAS = {
  createQrCheckout: createQrCheckoutInputSchema,
  getCheckout: getCheckoutInputSchema,
  cancelCheckout: cancelCheckoutInputSchema,
  refundCheckout: refundCheckoutInputSchema,
  reconcileNow: reconcileNowInputSchema,
};

describe('input properties', () => {
  it('every callable schema answers junk with a result, never an exception', () => {
    let refused = 0;
    for (const schema of Object.values(SCHEMAS)) {
      fc.assert(
        fc.property(junk, (value) => {
          const parsed = schema.safeParse(value);
          if (!parsed.success) {
            refused += 1;
            expect(describeIssues(parsed.error)).to.match(/^[^:]+: /);
          }
        }),
        options,
      );
    }
    record({
      scenario: 'input: schemas on junk',
      tried: `${sizes.propertyRuns * Object.keys(SCHEMAS).length} arbitrary values (${Object.keys(SCHEMAS).length} callables)`,
      held: `no exception; ${refused} refused, each with a message naming a field`,
      ok: true,
    });
  });

  it('the webhook parser never throws and only returns well-formed ids', () => {
    const body = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      junk.map((v) => {
        try {
          return JSON.stringify(v) ?? '';
        } catch {
          return '';
        }
      }),
      fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
      fc.tuple(fc.constantFrom('id', 'requestId', '__proto__', 'result', 'checkoutId'), fc.string()).map(([k, v]) => `${k}=${encodeURIComponent(v)}`),
    );
    let ids = 0;
    fc.assert(
      fc.property(fc.option(fc.string(), { nil: undefined }), body, (contentType, raw) => {
        const parsed = parseWebhookIds(contentType, raw);
        if (parsed) {
          ids += 1;
          if (parsed.gatewayId !== undefined) expect(parsed.gatewayId).to.match(/^\d{1,30}$/);
          if (parsed.requestId !== undefined) expect(parsed.requestId).to.match(/^[A-Za-z0-9_-]{1,128}$/);
        }
      }),
      { ...options, numRuns: sizes.propertyRuns * 4 },
    );
    record({
      scenario: 'input: webhook parser on junk',
      tried: `${sizes.propertyRuns * 4} bodies (text, binary, JSON of anything, form) with arbitrary content types`,
      held: `no exception; ${ids} yielded ids, all well-formed`,
      ok: true,
    });
  });
});
