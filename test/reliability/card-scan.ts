/**
 * What the log scan counts as a card number in a line of the stack log.
 *
 * Card numbers: our checkout ids at the gateway are 19-digit numbers too, and about one random number in ten
 * passes the Luhn check, so "any Luhn-valid 13–19 digit run" would flag gateway ids. A number is therefore
 * flagged when it is (a) one of the card numbers the suites send (the simulator's test cards, which the hostile
 * input tests put in bodies, descriptions and webhook fields), in any spacing, (b) Luhn-valid and written in
 * groups of four, as people type cards (gateway ids never are), or (c) Luhn-valid right after card-ish words
 * (card, pan, cc, cardNumber).
 */
import { luhnValid } from '../../simulator/src/payment-routes';

export const SENT_CARDS = ['4242424242424242', '4000000000000002'];

export function cardNumbersIn(line: string): string[] {
  const found: string[] = [];
  const compact = line.replace(/(\d)(?:[-._:]| {1,2})(?=\d)/g, '$1');
  for (const card of SENT_CARDS) if (compact.includes(card)) found.push(card);
  for (const m of line.matchAll(/(?<!\d)\d{4}(?:(?:[-._:]| {1,2})\d{4}){2}(?:[-._:]| {1,2})\d{1,7}(?!\d)/g)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) found.push(digits);
  }
  for (const m of line.matchAll(/(?:card|pan|\bcc)[^0-9]{0,20}?(\d{13,19})\b/gi)) {
    if (m[1] && luhnValid(m[1])) found.push(m[1]);
  }
  return [...new Set(found)];
}
