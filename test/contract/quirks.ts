/**
 * Every place where PointCheckout's published OpenAPI specs disagree with what goes over the wire (or say
 * nothing), each handled here and only here, with the reason. `openapi.ts` is a plain OpenAPI 3.0
 * validator; it calls into this module at the few points where the vendor's contract needs correcting.
 * Sources: docs/pointcheckout-api.md (section numbers below) and the specs in vendor/openapi/.
 */

export type Schema = Record<string, unknown>;

export interface SchemaContext {
  direction: 'request' | 'response';
  /** Name of the components schema this node is the root of, if any. */
  refName?: string;
  /** Name of the property this node describes, if any. */
  propertyName?: string;
}

/**
 * Q1 + Q2, enum labels. The response schemas list `status` as display labels ("Pending", "Partially
 * refunded") and `usedPaymentMethod` as labels ("Card", "Careem pay"), yet the spec's own examples, the search
 * filter enum, the Java SDK enums and every vendor plugin (`status == 'PAID'`) use the UPPERCASE constants
 * (research §9.1, §9.3). We validate against the constants: "Partially refunded" → PARTIALLY_REFUNDED.
 */
const LABEL_ENUM_PROPERTIES = new Set(['status', 'usedPaymentMethod']);
export function wireConstant(label: string): string {
  return label.trim().toUpperCase().replace(/\s+/g, '_');
}

/**
 * Q3, timestamps. `timestamp` is declared `format: date-time` (RFC 3339, offset "+00:00") but described as
 * `yyyy-MM-ddTHH:mm:ss.SSSZZ`, i.e. a Java offset without the colon ("+0000") as in the vendor's examples.
 * We accept both spellings, and nothing else.
 */
export const TIMESTAMP_FORMAT = {
  name: 'pointcheckout-date-time',
  pattern: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:?\d\d)$/,
};

/**
 * Q4, the refund `amount` query parameter says `exclusiveMinimum: true` with no `minimum`, which constrains
 * nothing in OpenAPI 3.0. Its summary and every create `amount` (`minimum: 0, exclusiveMinimum: true`) mean
 * "greater than 0", so we read it so.
 */
function fixBareExclusiveMinimum(schema: Schema): void {
  if (schema.exclusiveMinimum === true && schema.minimum === undefined) schema.minimum = 0;
}

/**
 * Q5, the 2022 spec's `CheckoutCustomerResponse` is an empty object, so any customer field would count as
 * "not in the spec". The 2026 spec lists the fields (the same as the request's plus `reference`); we use
 * those for both versions. Q6 (below) also lets requests carry `customer.reference`.
 */
const CUSTOMER_RESPONSE_PROPERTIES: Schema = {
  id: { type: 'string' },
  reference: { type: 'string' },
  firstName: { type: 'string' },
  lastName: { type: 'string' },
  email: { type: 'string' },
  phone: { type: 'string' },
};

/**
 * Q6, `customer.reference` in requests: absent from `CheckoutCustomer` in both specs, yet the vendor's own
 * samples and plugins send it (research §4.1) and the 2026 response echoes it.
 */
const EXTRA_REQUEST_PROPERTIES: Record<string, Schema> = {
  CheckoutCustomer: { reference: { type: 'string' } },
};

/**
 * Q7, no response schema marks any field `required`, so an empty `{}` would "conform". The spec's
 * `info.description` says every answer carries `success` and `elapsed`, plus `result` on success or `error`
 * on failure; and a checkout or webhook without these fields is unusable (our client's wire.ts refuses it).
 * A checkout, its customer and its addresses carry every field their schema lists (Q16 says why): all are
 * required (the 2026 `CheckoutAddress.set`, a Java bean getter leaking into the spec, excepted).
 */
const RESPONSE_REQUIRED: Record<string, string[]> = {
  PageResponseCheckoutResponse: ['page', 'size', 'totalPages', 'totalElements', 'content'],
  WebhookResponse: ['id', 'hmacKey', 'address', 'failed', 'enabled'],
};
const EVERY_FIELD_REQUIRED = new Set([
  'CheckoutResponse',
  'CheckoutQRResponse',
  'CheckoutLinkResponse',
  'ECommerceCheckoutResponse',
  'CheckoutCustomerResponse',
  'CheckoutAddress',
]);
const NOT_A_FIELD = new Set(['set']);

/**
 * Q16, null fields. Neither spec marks a response field `nullable`, yet the vendor's PHP SDK reads
 * `usedPaymentMethod`, `customer.id`, `customer.reference`, `customer.phone` and every address line
 * unconditionally (a missing one is an "Undefined property" warning in the merchant's code): the live API
 * sends every declared field, `null` when it has no value. These, and only these, may be null.
 */
const NULLABLE_RESPONSE_PROPERTIES = new Set([
  'usedPaymentMethod',
  'customer',
  'billingAddress',
  'deliveryAddress',
  'subscriptionId',
  'reference',
  'phone',
  'address2',
  'state',
  'zip',
]);
export function nullableInResponse(ctx: SchemaContext): boolean {
  return ctx.direction === 'response' && ctx.propertyName !== undefined && NULLABLE_RESPONSE_PROPERTIES.has(ctx.propertyName);
}

/** Applied by openapi.ts to every schema node (still in OpenAPI form) before it is compiled. */
export function adjustSchema(schema: Schema, ctx: SchemaContext): Schema {
  const out: Schema = { ...schema };
  fixBareExclusiveMinimum(out);
  if (out.format === 'date-time') out.format = TIMESTAMP_FORMAT.name;
  if (ctx.direction === 'response' && ctx.propertyName && LABEL_ENUM_PROPERTIES.has(ctx.propertyName) && Array.isArray(out.enum)) {
    out.enum = withLaterStatuses(out.enum.map((label) => (typeof label === 'string' ? wireConstant(label) : label)));
  }
  if (ctx.refName === 'CheckoutCustomerResponse' && out.properties === undefined) {
    out.properties = CUSTOMER_RESPONSE_PROPERTIES;
  }
  const extra = ctx.direction === 'request' && ctx.refName ? EXTRA_REQUEST_PROPERTIES[ctx.refName] : undefined;
  if (extra) out.properties = { ...(out.properties as Schema | undefined), ...extra };
  const required = ctx.direction === 'response' && ctx.refName ? RESPONSE_REQUIRED[ctx.refName] : undefined;
  if (required) out.required = required;
  if (ctx.direction === 'response' && ctx.refName && EVERY_FIELD_REQUIRED.has(ctx.refName)) {
    out.required = Object.keys((out.properties ?? {}) as Schema).filter((name) => !NOT_A_FIELD.has(name));
  }
  return out;
}

/** Q7 (envelope half): the `success`/`elapsed`/`result`|`error` fields every answer must carry. */
export function requireEnvelope(schema: Schema, httpStatus: number): Schema {
  const ok = httpStatus >= 200 && httpStatus < 300;
  const properties = { ...(schema.properties as Schema | undefined) };
  properties.success = { type: 'boolean', enum: [ok] };
  return { ...schema, properties, required: ['success', 'elapsed', ok ? 'result' : 'error'] };
}

/**
 * Q8, undocumented statuses. The spec declares only 200 and 400 (and no 400 at all for create-webhook); it
 * documents nothing for bad credentials, unknown paths or server errors (research §2, §3). We expect the
 * same error envelope as the documented 400s for any 4xx/5xx the spec does not declare.
 */
export const ERROR_ENVELOPE: Schema = {
  type: 'object',
  properties: { success: { type: 'boolean' }, elapsed: { type: 'integer', format: 'int64' }, error: { type: 'string' } },
};

/**
 * Q9, list-webhooks. Its 200 schema is "an array of WebhookResponseWrapper" (one envelope per webhook), but the
 * vendor's PHP SDK reads one envelope whose `result` is an array of webhooks (research §7.1), like every other
 * operation. We expect the SDK's shape.
 */
export function responseOverride(operationId: string, httpStatus: number): Schema | undefined {
  if (operationId === 'list-webhooks' && httpStatus === 200) {
    return {
      type: 'object',
      properties: {
        success: { type: 'boolean' },
        elapsed: { type: 'integer', format: 'int64' },
        result: { type: 'array', items: { $ref: '#/components/schemas/WebhookResponse' } },
      },
    };
  }
  return undefined;
}

/**
 * Q10, the search `status` filter is declared an array (which OpenAPI's default query style would repeat as
 * `status=A&status=B`) but described as a "comma separated list of checkout statuses", which is what we send.
 */
export function splitListParameter(values: string[]): string[] {
  return values.flatMap((value) => value.split(',')).map((s) => s.trim());
}

/**
 * Q11, later additions. The live API is the paymennt one of the 2026 spec; the 2022 file is the last
 * PointCheckout-branded version. What 2026 added to the QR-flow operations is accepted against 2022 too:
 * refund `referenceId` (commit a139bfd; our client sends it so a retried refund is deduplicated) and the
 * search filters `status` PENDING_CONFIRMATION/CHARGEBACK and `type` TERMINAL. Same name = replaces.
 */
const ALL_STATUSES = ['PENDING', 'AUTHORIZED', 'PENDING_CONFIRMATION', 'PAID', 'FAILED', 'CANCELLED', 'EXPIRED', 'REFUNDED', 'PARTIALLY_REFUNDED', 'CHARGEBACK'];
export const LATER_SPEC_PARAMETERS: Record<string, Schema[]> = {
  'refund-checkout': [{ name: 'referenceId', in: 'query', required: false, schema: { type: 'string' } }],
  'search-checkouts': [
    { name: 'status', in: 'query', required: false, schema: { type: 'array', items: { type: 'string', enum: ALL_STATUSES } } },
    { name: 'type', in: 'query', required: false, schema: { type: 'string', enum: ['QR', 'WEB', 'MOBILE', 'LINK', 'TERMINAL'] } },
  ],
};

/**
 * Q12, numbers as strings. The vendor's PHP SDK sends every number as a JSON string ("100.00", "600") and the
 * live API accepts that (research §4.1), so a numeric string where a request body declares a number or integer
 * is read as that number; its limits (qrSize 64..1024, amount > 0, …) still apply. Responses stay strict.
 */
export function coerceNumericStrings(schema: Schema, value: unknown): unknown {
  const type = schema.type;
  if ((type === 'number' || type === 'integer') && typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
    return Number(value);
  }
  if (type === 'array' && Array.isArray(value) && typeof schema.items === 'object' && schema.items !== null) {
    return value.map((item) => coerceNumericStrings(schema.items as Schema, item));
  }
  const properties = schema.properties as Record<string, Schema> | undefined;
  if (properties && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const [key, inner] of Object.entries(out)) {
      const propSchema = properties[key];
      if (propSchema) out[key] = coerceNumericStrings(propSchema, inner);
    }
    return out;
  }
  return value;
}

/**
 * Q13, credential headers. The 2022 spec names X-PointCheckout-Api-Key/-Secret, the 2026 spec
 * X-Paymennt-Api-Key/-Secret, and the docs' curl examples X-POINTCHECKOUT-KEY/-SECRET; the vendor's 2022 PHP SDK
 * still sends the PointCheckout names to api.paymennt.com (research §2). Any one complete pair satisfies the
 * security requirement of either spec version. Header names are case-insensitive (compared lowercase).
 */
export const CREDENTIAL_HEADER_PAIRS: readonly (readonly [string, string])[] = [
  ['x-pointcheckout-api-key', 'x-pointcheckout-api-secret'],
  ['x-paymennt-api-key', 'x-paymennt-api-secret'],
  ['x-pointcheckout-key', 'x-pointcheckout-secret'],
];

/**
 * Q14, paths the spec does not have (and methods a path does not have) are undocumented. We expect the
 * error envelope with 404 (our simulator's choice, research §13), or 401 when credentials are missing or wrong,
 * since authentication is checked before routing.
 */
export const UNKNOWN_PATH_STATUSES: readonly number[] = [404, 401];

/**
 * Q15, later statuses on responses. The 2026 spec's checkout response enums list "Pending confirmation" and
 * "Chargeback" (research §9.1); the 2022 ones predate them. A checkout the live API returns can be in either
 * (the simulator reaches both through its controls), so a checkout status enum (one that has
 * PARTIALLY_REFUNDED; payment-status enums do not) accepts them against 2022 too.
 */
const LATER_CHECKOUT_STATUSES = ['PENDING_CONFIRMATION', 'CHARGEBACK'];
function withLaterStatuses(values: unknown[]): unknown[] {
  if (!values.includes('PARTIALLY_REFUNDED')) return values;
  return [...values, ...LATER_CHECKOUT_STATUSES.filter((status) => !values.includes(status))];
}
