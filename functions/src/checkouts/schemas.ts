/**
 * Input and output schemas of the callables: the public contract with apps. Shared with the web client,
 * so this module imports nothing but zod and the pure money/status modules.
 */
import { z } from 'zod';
import { SUPPORTED_CURRENCIES, parseAmount, type Currency } from './money';
import { CHECKOUT_STATUSES } from './status';

const amountInput = z.union([z.string().max(32), z.number()], {
  error: 'must be a decimal amount, as a string ("100.00") or a number',
});

export const ORDER_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

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
      .regex(ORDER_ID_PATTERN, { error: 'must be 1–64 characters of A-Z a-z 0-9 . _ : -' }),
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
  .regex(/^[A-Za-z0-9_-]{1,128}$/, { error: 'is not a checkout id' });

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

const statusSchema = z.enum(CHECKOUT_STATUSES);

export const createQrCheckoutOutputSchema = z.object({
  checkoutId: z.string(),
  status: statusSchema,
  qrImage: z.string(),
  checkoutUrl: z.string(),
  amount: z.string(),
  currency: z.enum(SUPPORTED_CURRENCIES),
  expiresAt: z.string(),
});
export type CreateQrCheckoutOutput = z.output<typeof createQrCheckoutOutputSchema>;

export const checkoutViewSchema = z.object({
  checkoutId: z.string(),
  orderId: z.string(),
  status: statusSchema,
  amount: z.string(),
  currency: z.enum(SUPPORTED_CURRENCIES),
  totalRefunded: z.string(),
  checkoutUrl: z.string(),
  expiresAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CheckoutView = z.output<typeof checkoutViewSchema>;

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
