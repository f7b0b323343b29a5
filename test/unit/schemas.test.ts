import { expect } from 'chai';
import { createQrCheckoutInputSchema, describeIssues } from '../../functions/src/domain/schemas';

function errorOf(input: unknown): string {
  const result = createQrCheckoutInputSchema.safeParse(input);
  if (result.success) throw new Error('expected the input to be refused');
  return describeIssues(result.error);
}

describe('createQrCheckout input', () => {
  it('accepts a minimal and a full input, defaulting the expiry', () => {
    const minimal = createQrCheckoutInputSchema.parse({ orderId: 'ORD-1', amount: '100.00', currency: 'AED' });
    expect(minimal.expiresInMinutes).to.equal(30);
    const full = createQrCheckoutInputSchema.parse({
      orderId: 'a.b_c:d-1',
      amount: 1.234,
      currency: 'KWD',
      description: 'Two coffees',
      items: [{ name: 'Coffee', quantity: 2, unitPrice: '0.617', lineTotal: '1.234' }],
      customer: { firstName: 'A', lastName: 'B', email: 'a@example.com', phone: '+971501234567' },
      expiresInMinutes: 10080,
      qrSize: 64,
      idempotencyKey: 'key-12345',
    });
    expect(full.qrSize).to.equal(64);
  });

  it('names the field in every refusal', () => {
    expect(errorOf({ amount: '1', currency: 'AED' })).to.match(/^orderId: is required/);
    expect(errorOf({ orderId: 'has space', amount: '1', currency: 'AED' })).to.match(/^orderId:/);
    expect(errorOf({ orderId: 'x'.repeat(65), amount: '1', currency: 'AED' })).to.match(/^orderId:/);
    expect(errorOf({ orderId: 'o', amount: '1.001', currency: 'AED' })).to.match(/^amount: has more than 2 decimals/);
    expect(errorOf({ orderId: 'o', amount: '0', currency: 'AED' })).to.match(/^amount:/);
    expect(errorOf({ orderId: 'o', amount: true, currency: 'AED' })).to.match(/^amount:/);
    expect(errorOf({ orderId: 'o', amount: '1', currency: 'XYZ' })).to.match(/^currency: must be one of/);
    expect(errorOf({ orderId: 'o', amount: '1', currency: 'AED', expiresInMinutes: 4 })).to.match(/^expiresInMinutes:/);
    expect(errorOf({ orderId: 'o', amount: '1', currency: 'AED', qrSize: 2000 })).to.match(/^qrSize:/);
    expect(errorOf({ orderId: 'o', amount: '1', currency: 'AED', idempotencyKey: 'short' })).to.match(/^idempotencyKey:/);
    expect(errorOf({ orderId: 'o', amount: '1', currency: 'AED', customer: { firstName: 'a', lastName: 'b', email: 'x' } })).to.match(
      /^customer\.email:/,
    );
    expect(errorOf({ orderId: 'o', amount: '1', currency: 'AED', items: [{ name: 'x', quantity: 1, lineTotal: '1.001' }] })).to.match(
      /^items\.0\.lineTotal:/,
    );
    expect(errorOf({ orderId: 'o', amount: '1', currency: 'AED', amout: 3 })).to.match(/unknown field amout/);
  });
});
