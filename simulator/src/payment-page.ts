/**
 * HTML of the hosted payment page (the page `redirectUrl` and the QR code point at).
 * Plain server-rendered HTML: mobile-friendly, every field labelled, errors tied to their
 * field with `aria-describedby`, everything escaped. Card numbers are never echoed in full.
 */
import type { CheckoutRecord } from './model';

export type FieldName = 'cardNumber' | 'expiry' | 'cvv' | 'cardName' | 'terms';
export type FieldErrors = Partial<Record<FieldName, string>>;

export interface FormState {
  /** Re-filled on error; the card number and CVV never are. */
  expiry?: string;
  cardName?: string;
  terms?: boolean;
  errors?: FieldErrors;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Currencies with three minor digits (ISO 4217). */
const THREE_DECIMALS = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

export function formatAmount(amountMinor: number, currency: string): string {
  const digits = THREE_DECIMALS.has(currency) || amountMinor % 10 !== 0 ? 3 : 2;
  return `${currency} ${(amountMinor / 1000).toFixed(digits)}`;
}

/** `•••• 4242`: only the last four digits of a card number ever reach a page. */
export function maskCard(cardNumber: string): string {
  return `•••• ${cardNumber.replace(/\D/g, '').slice(-4)}`;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f4f6;color:#111827}
main{max-width:28rem;margin:0 auto;padding:1rem}
.card{background:#fff;border-radius:12px;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.25rem;margin:0 0 .25rem}
.merchant{color:#4b5563;margin:0 0 1rem}
.amount{font-size:1.75rem;font-weight:700;margin:.25rem 0 1rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;margin:0 0 1rem}
dt{color:#4b5563}dd{margin:0;font-weight:600;word-break:break-all}
.field{margin-bottom:.9rem}
label{display:block;font-weight:600;margin-bottom:.25rem}
input[type=text]{width:100%;padding:.7rem;font-size:1rem;border:1px solid #9ca3af;border-radius:8px}
input[aria-invalid=true]{border-color:#b91c1c;outline-color:#b91c1c}
.row{display:flex;gap:.75rem}.row .field{flex:1}
.check label{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}
.check input{width:1.25rem;height:1.25rem;margin-top:.15rem}
.error{color:#b91c1c;font-size:.9rem;margin:.25rem 0 0}
.summary{border:2px solid #b91c1c;border-radius:8px;padding:.5rem .75rem;margin-bottom:1rem;color:#b91c1c}
button{width:100%;padding:.8rem;font-size:1rem;font-weight:600;border-radius:8px;border:0;cursor:pointer}
.pay{background:#1d4ed8;color:#fff}.cancel{background:#e5e7eb;color:#111827;margin-top:.5rem}
button:focus-visible,input:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.hint{color:#4b5563;font-size:.85rem;margin-top:1rem}
.status{font-size:1.1rem}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main><div class="card">
${body}
</div></main>
</body>
</html>
`;
}

function summary(merchantName: string, checkout: CheckoutRecord): string {
  return `<p class="merchant">${escapeHtml(merchantName)}</p>
<p class="amount">${escapeHtml(formatAmount(checkout.amountMinor, checkout.currency))}</p>
<dl>
<dt>Order</dt><dd>${escapeHtml(checkout.orderId)}</dd>
<dt>Reference</dt><dd>${escapeHtml(checkout.displayId)}</dd>
${checkout.description ? `<dt>Description</dt><dd>${escapeHtml(checkout.description)}</dd>` : ''}
</dl>`;
}

function field(name: FieldName, label: string, attrs: string, value: string, errors: FieldErrors): string {
  const error = errors[name];
  const described = error ? ` aria-invalid="true" aria-describedby="${name}-error"` : '';
  return `<div class="field">
<label for="${name}">${escapeHtml(label)}</label>
<input type="text" id="${name}" name="${name}" value="${escapeHtml(value)}" ${attrs}${described}>
${error ? `<p class="error" id="${name}-error">${escapeHtml(error)}</p>` : ''}
</div>`;
}

export function renderPaymentForm(merchantName: string, checkout: CheckoutRecord, state: FormState = {}): string {
  const errors = state.errors ?? {};
  const count = Object.keys(errors).length;
  const termsError = errors.terms;
  const action = `/checkout/${encodeURIComponent(checkout.checkoutKey)}`;
  return page(
    `Pay ${merchantName}`,
    `<h1>Pay with card</h1>
${summary(merchantName, checkout)}
${count ? `<div class="summary" role="alert"><p>Please correct ${count === 1 ? 'the field' : `${count} fields`} below.</p></div>` : ''}
<form method="post" action="${action}/pay" novalidate>
${field('cardNumber', 'Card number', 'inputmode="numeric" autocomplete="cc-number" required', '', errors)}
<div class="row">
${field('expiry', 'Expiry (MM/YY)', 'inputmode="numeric" autocomplete="cc-exp" placeholder="MM/YY" required', state.expiry ?? '', errors)}
${field('cvv', 'CVV', 'inputmode="numeric" autocomplete="cc-csc" maxlength="3" required', '', errors)}
</div>
${field('cardName', 'Name on card', 'autocomplete="cc-name" required', state.cardName ?? '', errors)}
<div class="field check">
<label><input type="checkbox" id="terms" name="terms" value="yes"${state.terms ? ' checked' : ''}${termsError ? ' aria-invalid="true" aria-describedby="terms-error"' : ''} required>
<span>I accept the Terms &amp; Conditions</span></label>
${termsError ? `<p class="error" id="terms-error">${escapeHtml(termsError)}</p>` : ''}
</div>
<button type="submit" class="pay">Pay ${escapeHtml(formatAmount(checkout.amountMinor, checkout.currency))}</button>
</form>
<form method="post" action="${action}/cancel">
<button type="submit" class="cancel">Cancel</button>
</form>
<p class="hint">Simulator: card 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined.</p>`,
  );
}

export type ResultKind = 'paid' | 'declined' | 'cancelled' | 'closed';

const RESULT_TITLES: Record<ResultKind, string> = {
  paid: 'Payment successful',
  declined: 'Payment declined',
  cancelled: 'Payment cancelled',
  closed: 'Checkout closed',
};

/** Text for a checkout that can no longer be paid, by status. */
const CLOSED_TEXT: Record<string, string> = {
  PAID: 'This checkout has already been paid.',
  FAILED: 'The payment for this checkout failed. Please ask the merchant for a new code.',
  CANCELLED: 'This checkout was cancelled.',
  EXPIRED: 'This checkout has expired. Please ask the merchant for a new code.',
  REFUNDED: 'This checkout was paid and has been refunded.',
  PARTIALLY_REFUNDED: 'This checkout was paid and has been partly refunded.',
};

export function renderResult(merchantName: string, checkout: CheckoutRecord, kind: ResultKind, card?: string): string {
  let message: string;
  switch (kind) {
    case 'paid':
      message = `Thank you. Your payment was received${card ? ` from card ${escapeHtml(maskCard(card))}` : ''}.`;
      break;
    case 'declined':
      message = `Your card${card ? ` ${escapeHtml(maskCard(card))}` : ''} was declined. No money was taken.`;
      break;
    case 'cancelled':
      message = 'You cancelled the payment. No money was taken.';
      break;
    case 'closed':
      message = escapeHtml(CLOSED_TEXT[checkout.status] ?? `This checkout is ${checkout.status}.`);
      break;
  }
  return page(
    RESULT_TITLES[kind],
    `<h1>${RESULT_TITLES[kind]}</h1>
<p class="status" role="status">${message}</p>
${summary(merchantName, checkout)}`,
  );
}

export function renderNotFound(): string {
  return page('Checkout not found', '<h1>Checkout not found</h1>\n<p class="status" role="status">This payment link is not valid.</p>');
}
