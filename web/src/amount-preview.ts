/**
 * The amount as the customer will pay it, large and formatted under the field while the cashier types
 * (KWD 1,250.000 and KWD 1.250 look nothing alike), or what is wrong with it; the field is marked invalid.
 */
import type { Currency } from '../../functions/src/domain/money';
import { parseAmountInput } from './amount-input';
import { $ } from './dom';
import { amountMessage, formatMoney } from './format';

/** Marks a field invalid (red border, aria-invalid) or clears the mark. */
export function markInvalid(id: string, invalid: boolean): void {
  const field = $<HTMLInputElement>(id);
  if (invalid) field.setAttribute('aria-invalid', 'true');
  else field.removeAttribute('aria-invalid');
}

export function renderAmountPreview(): void {
  const typed = $<HTMLInputElement>('amount').value;
  const currency = $<HTMLSelectElement>('currency').value as Currency;
  const box = $('amount-preview');
  const value = $('amount-preview-value');
  if (typed.trim() === '') {
    box.hidden = true;
    markInvalid('amount', false);
    return;
  }
  const parsed = parseAmountInput(typed, currency);
  box.hidden = false;
  box.dataset.ok = String(parsed.ok);
  $('amount-preview-label').hidden = !parsed.ok;
  value.textContent = parsed.ok ? formatMoney(parsed.minor, currency) : amountMessage(parsed.error, currency, typed);
  if (parsed.ok) value.dataset.amount = parsed.text;
  else delete value.dataset.amount;
  // Only a settled mistake is marked while typing: "1," on its way to "1,250.00" is not yet wrong.
  if (parsed.ok) markInvalid('amount', false);
}

export function wireAmountPreview(): void {
  $('amount').addEventListener('input', renderAmountPreview);
  $('currency').addEventListener('change', renderAmountPreview);
}
