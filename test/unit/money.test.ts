import { expect } from 'chai';
import { formatMinor, fromWireAmount, parseAmount, toWireAmount } from '../../functions/src/domain/money';

describe('money', () => {
  it('parses decimal strings and numbers into minor units', () => {
    expect(parseAmount('100.00', 'AED')).to.deep.equal({ ok: true, minor: 10000 });
    expect(parseAmount('0.5', 'USD')).to.deep.equal({ ok: true, minor: 50 });
    expect(parseAmount(12.3, 'EUR')).to.deep.equal({ ok: true, minor: 1230 });
    expect(parseAmount('1.234', 'KWD')).to.deep.equal({ ok: true, minor: 1234 });
    expect(parseAmount(7, 'BHD')).to.deep.equal({ ok: true, minor: 7000 });
  });

  it('refuses too many decimals for the currency, zero, negatives and junk', () => {
    expect(parseAmount('1.234', 'AED').ok).to.equal(false);
    expect(parseAmount(0.1 + 0.2, 'AED').ok).to.equal(false);
    expect(parseAmount('1.2345', 'OMR').ok).to.equal(false);
    expect(parseAmount('0', 'AED').ok).to.equal(false);
    expect(parseAmount('0.00', 'AED').ok).to.equal(false);
    expect(parseAmount(-1, 'AED').ok).to.equal(false);
    expect(parseAmount('-1.00', 'AED').ok).to.equal(false);
    expect(parseAmount('1e3', 'AED').ok).to.equal(false);
    expect(parseAmount(1e21, 'AED').ok).to.equal(false);
    expect(parseAmount(Number.NaN, 'AED').ok).to.equal(false);
    expect(parseAmount('abc', 'AED').ok).to.equal(false);
    expect(parseAmount('10000001', 'AED').ok).to.equal(false);
  });

  it('names the currency and its decimals in the reason', () => {
    const result = parseAmount('1.234', 'AED');
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.reason).to.contain('2 decimals').and.contain('AED');
  });

  it('formats with exactly the currency decimals', () => {
    expect(formatMinor(10000, 'AED')).to.equal('100.00');
    expect(formatMinor(5, 'USD')).to.equal('0.05');
    expect(formatMinor(0, 'SAR')).to.equal('0.00');
    expect(formatMinor(1234, 'KWD')).to.equal('1.234');
    expect(formatMinor(1, 'JOD')).to.equal('0.001');
    expect(() => formatMinor(1.5, 'AED')).to.throw(RangeError);
  });

  it('converts to and from the wire', () => {
    expect(toWireAmount(10050, 'AED')).to.equal(100.5);
    expect(fromWireAmount(100.5, 'AED')).to.equal(10050);
    expect(fromWireAmount('100.50', 'AED')).to.equal(10050);
    expect(fromWireAmount(0, 'AED')).to.equal(0);
    expect(fromWireAmount(0.30000000000000004, 'AED')).to.equal(30);
    expect(fromWireAmount(null, 'AED')).to.equal(null);
    expect(fromWireAmount(-3, 'AED')).to.equal(null);
  });
});
