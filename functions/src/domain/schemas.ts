/**
 * Input and output schemas of the callables: the public contract with apps. Shared with the web client,
 * so this module imports nothing but zod and the pure money/status/id modules.
 */
import { z } from 'zod';
import { SUPPORTED_CURRENCIES, parseAmount, type Currency } from './money';
import { BRANCH_ID_PATTERN, ORDER_ID_PATTERN } from '../shared/ids';

export { BRANCH_ID_PATTERN, ORDER_ID_PATTERN };
export * from './outputSchemas';

const amountInput = z.union([z.string().max(32), z.number()], {
  error: 'must be a decimal amount, as a string ("100.00") or a number',
});

const branchIdSchema = z.string().regex(BRANCH_ID_PATTERN, { error: 'must be 1–40 characters of A-Z a-z 0-9 _ - (a branch id; not `_`, the "no branch" key, nor starting with `__`)' });

/** Firestore reserves document ids of the form `__x__` (and `.`/`..`); such an id can never be one of ours. */
export function isReservedDocumentId(id: string): boolean {
  return /^__.*__$/.test(id) || id === '.' || id === '..';
}

const itemSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  sku: z.string().trim().min(1).max(100).optional(),
  quantity: z.number().int().positive().max(100000),
  unitPrice: amountInput.optional(),
  lineTotal: amountInput,
});

const customerSchema = z.strictObject({
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  email: z.email({ error: 'must be an email address' }).max(254),
  phone: z
    .string()
    .regex(/^\+?[0-9]{6,15}$/, { error: 'must be an international phone number, digits only, e.g. 971501234567' })
    .optional(),
});

export const createQrCheckoutInputSchema = z
  .strictObject({
    orderId: z
      .string({ error: 'is required' })
      .regex(ORDER_ID_PATTERN, { error: 'must be 1–50 characters of A-Z a-z 0-9 . _ : -' }),
    amount: amountInput,
    currency: z.enum(SUPPORTED_CURRENCIES, {
      error: `must be one of ${SUPPORTED_CURRENCIES.join(', ')}`,
    }),
    description: z.string().trim().min(1).max(255).optional(),
    items: z.array(itemSchema).min(1).max(100).optional(),
    customer: customerSchema.optional(),
    expiresInMinutes: z.number().int().min(5).max(10080).default(30),
    qrSize: z.number().int().min(64).max(1024).optional(),
    language: z.enum(['en', 'ar']).optional(),
    branchId: branchIdSchema.optional(),
    deviceReference: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[\x20-\x7e]+$/, { error: 'must be printable ASCII (the till or device name)' })
      .optional(),
    idempotencyKey: z
      .string()
      .min(8)
      .max(128)
      .regex(/^[\x21-\x7e]+$/, { error: 'must be printable ASCII without spaces' })
      .optional(),
  })
  .superRefine((input, ctx) => {
    // Every amount must fit the currency's decimals; reported at the field so the app can point at it.
    const check = (value: string | number | undefined, path: (string | number)[], allowZero = false) => {
      if (value === undefined) return;
      if (allowZero && (value === 0 || value === '0' || /^0+(\.0+)?$/.test(String(value)))) return;
      const parsed = parseAmount(value, input.currency as Currency);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', path, message: parsed.reason });
    };
    check(input.amount, ['amount']);
    input.items?.forEach((item, index) => {
      check(item.unitPrice, ['items', index, 'unitPrice'], true);
      check(item.lineTotal, ['items', index, 'lineTotal'], true);
    });
  });

export type CreateQrCheckoutInput = z.input<typeof createQrCheckoutInputSchema>;
export type ParsedCreateQrCheckoutInput = z.output<typeof createQrCheckoutInputSchema>;

export const checkoutIdSchema = z
  .string({ error: 'is required' })
  .regex(/^[A-Za-z0-9_-]{1,128}$/, { error: 'is not a checkout id' })
  .refine((id) => !isReservedDocumentId(id), { error: 'is not a checkout id' });

export const getCheckoutInputSchema = z.strictObject({ checkoutId: checkoutIdSchema });
export type GetCheckoutInput = z.input<typeof getCheckoutInputSchema>;

export const cancelCheckoutInputSchema = z.strictObject({ checkoutId: checkoutIdSchema });
export type CancelCheckoutInput = z.input<typeof cancelCheckoutInputSchema>;

export const refundCheckoutInputSchema = z.strictObject({
  checkoutId: checkoutIdSchema,
  amount: amountInput.optional(),
  note: z.string({ error: 'is required (a reason the customer and accounts can read)' }).trim().min(1).max(255),
});
export type RefundCheckoutInput = z.input<typeof refundCheckoutInputSchema>;

export const reconcileNowInputSchema = z.strictObject({});

const dateSchema = z
  .string({ error: 'is required' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date, YYYY-MM-DD' })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    error: 'is not a calendar date',
  });

export const dailyReportInputSchema = z.strictObject({
  date: dateSchema,
  branchId: branchIdSchema.optional(),
  /** Also compare every checkout of the day with PointCheckout's search (slower: reads the whole day). */
  compareWithGateway: z.boolean().optional(),
  /** Live money (the default) or the test account's, never the two added together. */
  mode: z.enum(['live', 'test']).default('live'),
});
export type DailyReportInput = z.input<typeof dailyReportInputSchema>;

/** Query of the `exportCheckouts` HTTPS function: a day or a range of days (at most 31). */
export const exportCheckoutsQuerySchema = z
  .strictObject({
    from: dateSchema,
    to: dateSchema.optional(),
    kind: z.enum(['checkouts', 'refunds']).default('checkouts'),
    branchId: branchIdSchema.optional(),
    /** Live rows (the default), test rows, or both (`all`); every row says its mode and account. */
    mode: z.enum(['live', 'test', 'all']).default('live'),
  })
  .refine((q) => !q.to || q.to >= q.from, { path: ['to'], error: 'must not be before from' })
  .refine((q) => !q.to || (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 <= 30, { path: ['to'], error: 'a range is at most 31 days' });

export const upsertBranchInputSchema = z.strictObject({
  branchId: branchIdSchema,
  name: z.string().trim().min(1).max(100),
  /** PointCheckout's own branch id (a 19-digit number), sent as `branchId` on this branch's checkouts. */
  pointcheckoutBranchId: z.string().regex(/^\d{1,19}$/, { error: 'must be PointCheckout’s numeric branch id' }).optional(),
  /** The PointCheckout account new checkouts of this branch use (default: `default`); existing ones keep theirs. */
  account: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, { error: 'must be an account id from pointcheckout.accounts.json' }).optional(),
});
export type UpsertBranchInput = z.input<typeof upsertBranchInputSchema>;

/** Turns zod issues into one sentence that names each field, e.g. `amount: has more than 2 decimals…`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const field = issue.path.map(String).join('.') || 'input';
      if (issue.code === 'unrecognized_keys') {
        return `${field}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
      }
      if (issue.code === 'invalid_type' && issue.input === undefined) return `${field}: is required`;
      return `${field}: ${issue.message}`;
    })
    .join('; ');
}
