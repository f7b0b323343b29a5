import { expect } from 'chai';
import fc from 'fast-check';
import { luhnValid, maskCardNumbers, maskedOrAbsent } from '../../functions/src/util/maskCards';
import { cardNumbersIn } from '../reliability/card-scan';

const CARDS = ['4242424242424242', '4000000000000002', '5555555555554444', '378282246310005', '6011111111111117'];

describe('log masking of card-like numbers', () => {
  it('knows the Luhn check', () => {
    for (const card of CARDS) expect(luhnValid(card), card).to.equal(true);
    expect(luhnValid('4242424242424241')).to.equal(false);
    expect(luhnValid('')).to.equal(false);
    expect(luhnValid('4242 4242')).to.equal(false);
  });

  it('masks a card number however it is written, keeping its length and last four', () => {
    expect(maskCardNumbers('4242424242424242')).to.equal('[card-like number, 16 digits, ending 4242]');
    expect(maskCardNumbers('card 4242 4242 4242 4242 paid')).to.equal('card [card-like number, 16 digits, ending 4242] paid');
    expect(maskCardNumbers('x-4000-0000-0000-0002')).to.equal('x-[card-like number, 16 digits, ending 0002]');
    expect(maskCardNumbers('order-378282246310005')).to.equal('order-[card-like number, 15 digits, ending 0005]');
    expect(maskCardNumbers('a 4242424242424242424242 b')).to.equal('a [card-like number, 22 digits, ending 4242] b');
  });

  it('masks a card split by dots, underscores, colons or double spaces (issue #16)', () => {
    expect(maskCardNumbers('pan 4242.4242.4242.4242')).to.equal('pan [card-like number, 16 digits, ending 4242]');
    expect(maskCardNumbers('4242_4242_4242_4242')).to.equal('[card-like number, 16 digits, ending 4242]');
    expect(maskCardNumbers('x:4000:0000:0000:0002:y')).to.equal('x:[card-like number, 16 digits, ending 0002]:y');
    expect(maskCardNumbers('5555  5555  5555  4444')).to.equal('[card-like number, 16 digits, ending 4444]');
    expect(maskCardNumbers('3782.822463_10005')).to.equal('[card-like number, 15 digits, ending 0005]');
  });

  it('leaves alone what cannot be a card: short numbers, amounts, failing Luhn, timestamps, our ids', () => {
    for (const text of ['order 1234', '10.500 KWD', '1234567890123', '2026-12-03T19:32:43.000Z', 'Qx7bK2mZ9pLw4RtY8sVn', '123456789012']) {
      expect(maskCardNumbers(text), text).to.equal(text);
    }
    expect(maskedOrAbsent(undefined)).to.equal(undefined);
    expect(maskedOrAbsent('4242424242424242')).to.contain('ending 4242');
  });

  it('whatever surrounds a card, the masked text holds nothing the log scan flags', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.constantFrom(...CARDS),
        fc.constantFrom('', ' ', '-', '.', '_', ':', '  '),
        fc.constantFrom('', 'card ', 'pan=', '{"id":"', '0', '9'),
        fc.string({ maxLength: 30 }),
        (before, card, separator, glue, after) => {
          const written = separator ? card.replace(/(\d{4})(?=\d)/g, `$1${separator}`) : card;
          const masked = maskCardNumbers(`${before}${glue}${written}${after}`);
          expect(cardNumbersIn(masked)).to.deep.equal([]);
          expect(masked).not.to.contain(card);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
