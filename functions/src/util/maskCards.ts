/**
 * Masks what could be a card number before a value reaches a log line. Webhook bodies, order ids and error
 * messages carry text we do not control; a payer or an attacker can put a card number in any of them, and a
 * log must never hold one. Pure.
 *
 * A card-like number is a run of 13 or more digits, written together or in groups split by a space or two, a
 * hyphen, a dot, an underscore or a colon, that holds 13–19 consecutive digits passing the Luhn check (a card may be glued to other digits).
 * Most 19-digit numbers hold such a part, so a gateway id that a webhook body carries is masked too: only ids
 * that PointCheckout's own answers gave us are logged whole. That is the price of never logging a card.
 */

/** True when the digits pass the Luhn check (the check digit every card number carries). */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

// A digit run, possibly split by one separator (`-`, `.`, `_`, `:`) or one or two spaces, not glued to other digits.
const DIGIT_RUN = /(?<!\d)\d(?:(?:[-._:]| {1,2})?\d){12,}(?!\d)/g;

function hasCardLikePart(digits: string): boolean {
  for (let length = Math.min(19, digits.length); length >= 13; length -= 1) {
    for (let start = 0; start + length <= digits.length; start += 1) {
      if (luhnValid(digits.slice(start, start + length))) return true;
    }
  }
  return false;
}

function maskRun(run: string): string {
  const digits = run.replace(/\D/g, '');
  return hasCardLikePart(digits) ? `[card-like number, ${digits.length} digits, ending ${digits.slice(-4)}]` : run;
}

/** The text with every card-like number replaced by its length and last four digits. */
export function maskCardNumbers(text: string): string {
  return text.replace(DIGIT_RUN, maskRun);
}

/** `maskCardNumbers` for an optional value, for log fields that may be absent. */
export function maskedOrAbsent(text: string | undefined): string | undefined {
  return text === undefined ? undefined : maskCardNumbers(text);
}
