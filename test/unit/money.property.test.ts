/**
 * Property tests of money: formatting and parsing round-trip exactly for every supported currency, through
 * our strings and through the gateway's JSON numbers, and refund arithmetic never drifts, even when the
 * gateway adds refunds up in floating point.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import {
  exponentOf,
  formatMinor,
  fromWireAmount,
  MAX_MAJOR_UNITS,
  parseAmount,
  SUPPORTED_CURRENCIES,
  toWireAmount,
} from '../../functions/src/domain/money';
import { planTransition } from '../../functions/src/domain/status';
import { record } from '../reliability/report';
import { SEED, sizes } from '../reliability/scale';

const currency = fc.constantFrom(...SUPPORTED_CURRENCIES);
const amountIn = (c: (typeof SUPPORTED_CURRENCIES)[number]) =>
  fc.oneof(fc.integer({ min: 1, max: 10 ** exponentOf(c) * 1000 }), fc.integer({ min: 1, max: MAX_MAJOR_UNITS * 10 ** exponentOf(c) }));
const options = { numRuns: sizes.propertyRuns, seed: SEED };

describe('money properties', () => {
  it('format → parse and wire → read round-trip exactly for every currency', () => {
    let runs = 0;
    for (const c of SUPPORTED_CURRENCIES) {
      fc.assert(
        fc.property(amountIn(c), (minor) => {
          runs += 1;
          const text = formatMinor(minor, c);
          expect(text).to.match(exponentOf(c) === 3 ? /^\d+\.\d{3}$/ : /^\d+\.\d{2}$/);
          expect(parseAmount(text, c)).to.deep.equal({ ok: true, minor });
          const wire = JSON.parse(JSON.stringify({ amount: toWireAmount(minor, c) })) as { amount: number };
          expect(fromWireAmount(wire.amount, c)).to.equal(minor);
          expect(parseAmount(wire.amount, c)).to.deep.equal({ ok: true, minor });
          expect(fromWireAmount(String(wire.amount), c)).to.equal(minor);
        }),
        options,
      );
    }
    record({
      scenario: 'money: round-trip',
      tried: `${runs} amounts over ${SUPPORTED_CURRENCIES.length} currencies (${sizes.propertyRuns} each): format → parse, wire number → read, numeric string → read`,
      held: 'all exact',
      ok: true,
    });
  });

  it('refunds split at random add up exactly, however the gateway sums them', () => {
    let refunds = 0;
    fc.assert(
      fc.property(
        currency.chain((c) => fc.tuple(fc.constant(c), amountIn(c), fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }))),
        ([c, paid, weights]) => {
          // Split the payment into parts (the last takes what remains), as a manager refunding in steps would.
          const total = weights.reduce((a, b) => a + b, 0);
          let remaining = paid;
          const parts: number[] = [];
          weights.forEach((w, i) => {
            const part = i === weights.length - 1 ? remaining : Math.min(remaining, Math.floor((paid * w) / total));
            if (part > 0) parts.push(part);
            remaining -= part;
          });
          let refundedMinor = 0;
          let gatewayFloat = 0; // the gateway's running total, in binary floating point
          let current = { status: 'PAID' as const as 'PAID' | 'PARTIALLY_REFUNDED' | 'REFUNDED', totalRefundedMinor: 0 };
          for (const part of parts) {
            refunds += 1;
            const asked = parseAmount(formatMinor(part, c), c);
            expect(asked).to.deep.equal({ ok: true, minor: part });
            refundedMinor += part;
            gatewayFloat += toWireAmount(part, c);
            const reported = fromWireAmount(gatewayFloat, c);
            expect(reported, `gateway total ${gatewayFloat}`).to.equal(refundedMinor);
            const status = refundedMinor === paid ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
            const plan = planTransition(current, { status, totalRefundedMinor: reported ?? -1 });
            expect(plan.kind).to.equal('apply');
            current = { status, totalRefundedMinor: refundedMinor };
          }
          expect(refundedMinor).to.equal(paid);
          expect(formatMinor(refundedMinor, c)).to.equal(formatMinor(paid, c));
          expect(current.status).to.equal('REFUNDED');
        },
      ),
      options,
    );
    record({
      scenario: 'money: refund arithmetic',
      tried: `${sizes.propertyRuns} payments refunded in 1–12 random parts (${refunds} refunds), gateway totals summed in floating point`,
      held: 'every running total exact; the parts add up to the payment; every step a forward transition',
      ok: true,
    });
  });
});
