/**
 * Property tests of the one amount parser the POS page and the typed client share (web/src/amount-input.ts):
 * over every currency and the locales a Gulf till is typed in, an amount is read exactly or refused, never
 * read as another amount; `1,250` is refused with both readings in every currency.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { exponentOf, formatMinor, MAX_MAJOR_UNITS, SUPPORTED_CURRENCIES, type Currency } from '../../functions/src/domain/money';
import { parseAmountInput } from '../../web/src/amount-input';
import { parseAmountInput as fromClient } from '../../web/src/client';
import { SEED, sizes } from '../reliability/scale';

const options = { numRuns: sizes.propertyRuns, seed: SEED };
const currency = fc.constantFrom(...SUPPORTED_CURRENCIES);
const maxMinor = (c: Currency) => MAX_MAJOR_UNITS * 10 ** exponentOf(c);
const amountIn = (c: Currency) =>
  fc.oneof(fc.integer({ min: 1, max: 10 ** exponentOf(c) * 2000 }), fc.integer({ min: 1, max: maxMinor(c) }));
const withAmount = currency.chain((c) => fc.tuple(fc.constant(c), amountIn(c)));

/** How each locale writes an amount, with the currency's decimals and grouping, as a receipt would. */
function written(minor: number, c: Currency, locale: string, grouping = true): string {
  const e = exponentOf(c);
  return new Intl.NumberFormat(locale, { minimumFractionDigits: e, maximumFractionDigits: e, useGrouping: grouping }).format(
    Number(formatMinor(minor, c)),
  );
}

/** Locales whose written amounts are never ambiguous: they must always read back exactly. */
const EXACT = ['en-US', 'en-AE', 'ar-AE-u-nu-arab', 'ar-SA-u-nu-arab', 'ar-EG', 'fa-IR', 'de-CH'];
/** Locales that write the decimal point as a comma: a lone `,ddd` may be refused as ambiguous, never misread. */
const COMMA_DECIMAL = ['de-DE', 'fr-FR', 'es-ES', 'it-IT', 'pt-BR', 'id-ID'];

describe('amount input properties (POS and typed client)', () => {
  it('the typed client and the POS page use the same parser', () => {
    expect(fromClient).to.equal(parseAmountInput);
  });

  it('reads every amount exactly as en, ar (Arabic-Indic digits, ٫ ٬), fa (Persian digits) and others write it', () => {
    for (const locale of EXACT) {
      fc.assert(
        fc.property(withAmount, fc.boolean(), ([c, minor], grouping) => {
          const text = written(minor, c, locale, grouping);
          expect(parseAmountInput(text, c), `${locale} "${text}"`).to.deep.equal({ ok: true, minor, text: formatMinor(minor, c) });
        }),
        options,
      );
    }
  });

  it('never reads a comma-decimal locale\'s amount as another amount: exact, or refused as ambiguous', () => {
    for (const locale of COMMA_DECIMAL) {
      fc.assert(
        fc.property(withAmount, ([c, minor]) => {
          const text = written(minor, c, locale);
          const read = parseAmountInput(text, c);
          if (read.ok) expect(read.minor, `${locale} "${text}"`).to.equal(minor);
          else expect(read.error.code, `${locale} "${text}"`).to.equal('ambiguous');
        }),
        options,
      );
    }
  });

  it('refuses `a,bbb` in every currency and shows both readings', () => {
    fc.assert(
      fc.property(currency, fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 999 }), fc.constantFrom('', '\u0660'), (c, a, b, digits) => {
        const bbb = String(b).padStart(3, '0');
        const typed = `${a},${bbb}`.replace(/\d/g, (d) => (digits ? String.fromCharCode(0x0660 + Number(d)) : d));
        expect(parseAmountInput(typed, c)).to.deep.equal({ ok: false, error: { code: 'ambiguous', grouped: `${a}${bbb}`, decimal: `${a}.${bbb}` } });
      }),
      options,
    );
    expect(parseAmountInput('1,250', 'KWD')).to.deep.equal({ ok: false, error: { code: 'ambiguous', grouped: '1250', decimal: '1.250' } });
    expect(parseAmountInput('1,250', 'AED')).to.deep.equal({ ok: false, error: { code: 'ambiguous', grouped: '1250', decimal: '1.250' } });
  });

  it('says a negative amount must be positive, and a too large one names the limit', () => {
    fc.assert(
      fc.property(withAmount, fc.constantFrom('-', '\u2212', '- '), ([c, minor], minus) => {
        expect(parseAmountInput(`${minus}${formatMinor(minor, c)}`, c)).to.deep.equal({ ok: false, error: { code: 'negative' } });
      }),
      options,
    );
    fc.assert(
      fc.property(currency.chain((c) => fc.tuple(fc.constant(c), fc.integer({ min: maxMinor(c) + 1, max: maxMinor(c) * 1000 }))), ([c, minor]) => {
        expect(parseAmountInput(written(minor, c, 'en-US'), c)).to.deep.equal({ ok: false, error: { code: 'too-large', limitMinor: maxMinor(c) } });
      }),
      options,
    );
  });

  it('never throws on anything typed; what it accepts reads back to itself and is in range', () => {
    const chars = fc.constantFrom(...'0123456789.,-٫٬٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹ \u00a0x'.split(''));
    fc.assert(
      fc.property(currency, fc.array(chars, { maxLength: 16 }).map((a) => a.join('')), (c, typed) => {
        const read = parseAmountInput(typed, c);
        if (!read.ok) return;
        expect(read.minor).to.be.within(1, maxMinor(c));
        expect(parseAmountInput(read.text, c)).to.deep.equal(read);
      }),
      { ...options, numRuns: options.numRuns * 20 },
    );
  });

  it('separators in the wrong places and too many decimals are refused, with what to fix', () => {
    expect(parseAmountInput('1,2,3', 'AED')).to.deep.equal({ ok: false, error: { code: 'grouping' } });
    expect(parseAmountInput('12,34,567.00', 'AED')).to.deep.equal({ ok: false, error: { code: 'grouping' } });
    expect(parseAmountInput('1.2345', 'KWD')).to.deep.equal({ ok: false, error: { code: 'decimals', allowed: 3 } });
    expect(parseAmountInput('1.250', 'AED')).to.deep.equal({ ok: false, error: { code: 'decimals', allowed: 2 } });
    expect(parseAmountInput('', 'AED')).to.deep.equal({ ok: false, error: { code: 'missing' } });
    expect(parseAmountInput('0.00', 'AED')).to.deep.equal({ ok: false, error: { code: 'zero' } });
    expect(parseAmountInput('AED 5', 'AED')).to.deep.equal({ ok: false, error: { code: 'invalid' } });
    expect(parseAmountInput('1,000.50', 'AED')).to.deep.equal({ ok: true, minor: 100050, text: '1000.50' });
    expect(parseAmountInput('١٬٢٥٠٫٥٠٠', 'KWD')).to.deep.equal({ ok: true, minor: 1250500, text: '1250.500' });
  });
});
