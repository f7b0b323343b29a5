/**
 * HTML of the hosted payment page (the page `redirectUrl` and the QR code point at).
 * Plain server-rendered HTML: mobile-friendly, every field labelled, errors tied to their
 * field with `aria-describedby`, everything escaped. Card numbers are never echoed in full.
 * English or Arabic (`dir="rtl"`), with a switch that keeps the choice (see payment-routes.ts).
 */
import type { CheckoutRecord } from './model';
import { formatAmount, text, type Lang, type TextKey } from './payment-i18n';

export { formatAmount } from './payment-i18n';

export type FieldName = 'cardNumber' | 'expiry' | 'cvv' | 'cardName' | 'terms';
/** Each error is a text key, so the page can say it in the customer's language. */
export type FieldErrors = Partial<Record<FieldName, TextKey>>;

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

/**
 * `•••• 4242`: only the last four digits of a card number ever reach a page. Isolated (FSI…PDI) and joined by a
 * no-break space, so Arabic text around it never reorders it or wraps it over two lines.
 */
export function maskCard(cardNumber: string): string {
  return `\u2068••••\u00a0${cardNumber.replace(/\D/g, '').slice(-4)}\u2069`;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans Arabic",sans-serif;background:#f3f4f6;color:#111827}
main{max-width:28rem;margin:0 auto;padding:1rem}
.card{background:#fff;border-radius:12px;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
.top{display:flex;justify-content:space-between;align-items:baseline;gap:.5rem}
.lang{font-size:.95rem;color:#1d4ed8;padding:.4rem 0}
h1{font-size:1.25rem;margin:0 0 .25rem}
.merchant{color:#4b5563;margin:0 0 1rem}
.amount{font-size:1.75rem;font-weight:700;margin:.25rem 0 1rem;unicode-bidi:isolate}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;margin:0 0 1rem}
dt{color:#4b5563}dd{margin:0;font-weight:600;word-break:break-all}
.field{margin-bottom:.9rem}
label{display:block;font-weight:600;margin-bottom:.25rem}
input[type=text]{width:100%;padding:.7rem;font-size:1rem;border:1px solid #9ca3af;border-radius:8px}
input[dir=ltr]{text-align:left}
[dir=rtl] input[dir=ltr]{text-align:right}
input[aria-invalid=true]{border-color:#b91c1c;outline-color:#b91c1c}
.row{display:flex;gap:.75rem}.row .field{flex:1}
.check label{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}
.check input{width:1.25rem;height:1.25rem;margin-top:.15rem;flex:none}
.error{color:#b91c1c;font-size:.9rem;margin:.25rem 0 0}
.summary{border:2px solid #b91c1c;border-radius:8px;padding:.5rem .75rem;margin-bottom:1rem;color:#b91c1c}
button{width:100%;padding:.8rem;font-size:1rem;font-weight:600;border-radius:8px;border:0;cursor:pointer}
.pay{background:#1d4ed8;color:#fff}.cancel{background:#e5e7eb;color:#111827;margin-top:.5rem}
button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.hint{color:#4b5563;font-size:.85rem;margin-top:1rem}
.status{font-size:1.1rem}`;

/** Where the page is, so the language switch and the forms come back to it. */
export interface PageLink {
  lang: Lang;
  /** Path of this page (a GET target), e.g. `/checkout/<key>`. */
  path: string;
}

function page(link: PageLink, title: string, body: string): string {
  const other: Lang = link.lang === 'ar' ? 'en' : 'ar';
  return `<!doctype html>
<html lang="${link.lang}" dir="${link.lang === 'ar' ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main><div class="card">
<div class="top"><span></span><a class="lang" id="lang-switch" lang="${other}" hreflang="${other}" href="${escapeHtml(link.path)}?lang=${other}">${text(link.lang, 'switchTo')}</a></div>
${body}
</div></main>
</body>
</html>
`;
}

function summary(lang: Lang, merchantName: string, checkout: CheckoutRecord): string {
  return `<p class="merchant">${escapeHtml(merchantName)}</p>
<p class="amount" id="amount">${escapeHtml(formatAmount(checkout.amountMinor, checkout.currency, lang))}</p>
<dl>
<dt>${text(lang, 'order')}</dt><dd dir="ltr">${escapeHtml(checkout.orderId)}</dd>
<dt>${text(lang, 'reference')}</dt><dd dir="ltr">${escapeHtml(checkout.displayId)}</dd>
${checkout.description ? `<dt>${text(lang, 'description')}</dt><dd>${escapeHtml(checkout.description)}</dd>` : ''}
</dl>`;
}

function field(lang: Lang, name: FieldName, attrs: string, value: string, errors: FieldErrors): string {
  const error = errors[name];
  const described = error ? ` aria-invalid="true" aria-describedby="${name}-error"` : '';
  return `<div class="field">
<label for="${name}">${escapeHtml(text(lang, name as TextKey))}</label>
<input type="text" id="${name}" name="${name}" value="${escapeHtml(value)}" ${attrs}${described}>
${error ? `<p class="error" id="${name}-error">${escapeHtml(text(lang, error))}</p>` : ''}
</div>`;
}

export function checkoutPath(checkout: CheckoutRecord): string {
  return `/checkout/${encodeURIComponent(checkout.checkoutKey)}`;
}

export function renderPaymentForm(lang: Lang, merchantName: string, checkout: CheckoutRecord, state: FormState = {}): string {
  const errors = state.errors ?? {};
  const count = Object.keys(errors).length;
  const termsError = errors.terms;
  const action = checkoutPath(checkout);
  const amount = escapeHtml(formatAmount(checkout.amountMinor, checkout.currency, lang));
  const keepLang = `<input type="hidden" name="lang" value="${lang}">`;
  return page(
    { lang, path: action },
    `${text(lang, 'payTitle')} · ${merchantName}`,
    `<h1>${text(lang, 'payTitle')}</h1>
${summary(lang, merchantName, checkout)}
${count ? `<div class="summary" role="alert"><p>${count === 1 ? text(lang, 'fixOne') : text(lang, 'fixMany', { n: count })}</p></div>` : ''}
<form method="post" action="${action}/pay" novalidate>
${keepLang}
${field(lang, 'cardNumber', 'dir="ltr" inputmode="numeric" autocomplete="cc-number" required', '', errors)}
<div class="row">
${field(lang, 'expiry', 'dir="ltr" inputmode="numeric" autocomplete="cc-exp" placeholder="MM/YY" required', state.expiry ?? '', errors)}
${field(lang, 'cvv', 'dir="ltr" inputmode="numeric" autocomplete="cc-csc" maxlength="3" required', '', errors)}
</div>
${field(lang, 'cardName', 'autocomplete="cc-name" required', state.cardName ?? '', errors)}
<div class="field check">
<label><input type="checkbox" id="terms" name="terms" value="yes"${state.terms ? ' checked' : ''}${termsError ? ' aria-invalid="true" aria-describedby="terms-error"' : ''} required>
<span>${escapeHtml(text(lang, 'acceptPrefix'))}<a href="/terms?lang=${lang}" target="_blank" rel="noopener">${escapeHtml(text(lang, 'terms'))}</a></span></label>
${termsError ? `<p class="error" id="terms-error">${escapeHtml(text(lang, termsError))}</p>` : ''}
</div>
<button type="submit" class="pay">${text(lang, 'pay', { amount })}</button>
</form>
<form method="post" action="${action}/cancel">
${keepLang}
<button type="submit" class="cancel">${text(lang, 'cancel')}</button>
</form>
<p class="hint">${escapeHtml(text(lang, 'hint'))}</p>`,
  );
}

export type ResultKind = 'paid' | 'declined' | 'cancelled' | 'closed';

function resultMessage(lang: Lang, checkout: CheckoutRecord, kind: ResultKind, card?: string): string {
  const masked = card ? maskCard(card) : '';
  switch (kind) {
    case 'paid':
      return card ? text(lang, 'paidFromCard', { card: masked }) : text(lang, 'paidText');
    case 'declined':
      return card ? text(lang, 'declinedCard', { card: masked }) : text(lang, 'declinedText');
    case 'cancelled':
      return text(lang, 'cancelledText');
    case 'closed': {
      const key = `closed${checkout.status}`;
      return key in CLOSED_KEYS ? text(lang, key as TextKey) : text(lang, 'closedOther', { status: checkout.status });
    }
  }
}

const CLOSED_KEYS = { closedPAID: 1, closedFAILED: 1, closedCANCELLED: 1, closedEXPIRED: 1, closedREFUNDED: 1, closedPARTIALLY_REFUNDED: 1 };

export function renderResult(lang: Lang, merchantName: string, checkout: CheckoutRecord, kind: ResultKind, card?: string): string {
  const title = text(lang, kind);
  return page(
    { lang, path: checkoutPath(checkout) },
    title,
    `<h1>${escapeHtml(title)}</h1>
<p class="status" role="status">${escapeHtml(resultMessage(lang, checkout, kind, card))}</p>
${summary(lang, merchantName, checkout)}`,
  );
}

export function renderNotFound(lang: Lang = 'en', path = '/'): string {
  return page(
    { lang, path },
    text(lang, 'notFound'),
    `<h1>${text(lang, 'notFound')}</h1>\n<p class="status" role="status">${text(lang, 'notFoundText')}</p>`,
  );
}

export function renderTerms(lang: Lang): string {
  return page(
    { lang, path: '/terms' },
    text(lang, 'termsTitle'),
    `<h1>${text(lang, 'termsTitle')}</h1>\n<p>${escapeHtml(text(lang, 'termsText'))}</p>`,
  );
}
