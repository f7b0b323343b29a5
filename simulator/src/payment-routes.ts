/**
 * Routes of the hosted payment page (no authentication, like the real pay.* host):
 *   GET  /checkout/{checkoutKey}         the form, or a clear page when it can no longer be paid
 *   POST /checkout/{checkoutKey}/pay     form-encoded card details
 *   POST /checkout/{checkoutKey}/cancel  the customer gives up
 *   GET  /terms                          the Terms & Conditions the form links to
 * Language: `?lang=` or the form's `lang` field (remembered in a cookie), else the checkout's `language` from
 * the create request (the sale's language beats a cookie left by an earlier visit), else the cookie, else English.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext } from './api';
import { BodyTooLargeError, readBody, sendHtml } from './http-util';
import type { CheckoutRecord } from './model';
import { isLang, type Lang } from './payment-i18n';
import { renderNotFound, renderPaymentForm, renderResult, renderTerms, type FieldErrors, type FormState } from './payment-page';
import { isOpen } from './store';

/** Card that pays (the vendor docs' test card) and card that is declined. */
export const TEST_CARD_PAYS = '4242424242424242';
export const TEST_CARD_DECLINES = '4000000000000002';
const MAX_FORM_BYTES = 64 * 1024;
const LANG_COOKIE = 'pc_lang';

export interface PageContext extends ApiContext {
  merchantName: string;
}

function cookieLang(req: IncomingMessage): Lang | undefined {
  const match = new RegExp(`(?:^|;\\s*)${LANG_COOKIE}=(en|ar)(?:;|$)`).exec(req.headers.cookie ?? '');
  return match?.[1] as Lang | undefined;
}

/** An explicit choice (query or form) wins and is remembered for the customer's next pages. */
function chooseLang(req: IncomingMessage, res: ServerResponse, explicit: string | null, checkout?: CheckoutRecord): Lang {
  if (isLang(explicit)) {
    res.setHeader('Set-Cookie', `${LANG_COOKIE}=${explicit}; Path=/; Max-Age=31536000; SameSite=Lax`);
    return explicit;
  }
  // ISO 639-1 codes arrive in either case (the spec's example is `EN`).
  const asked = checkout?.language?.toLowerCase();
  if (isLang(asked)) return asked;
  return cookieLang(req) ?? 'en';
}

/** Returns false when the path is not a payment-page path. */
export async function handlePaymentPage(ctx: PageContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const method = req.method ?? 'GET';
  if (url.pathname === '/terms' && method === 'GET') {
    sendHtml(res, 200, renderTerms(chooseLang(req, res, url.searchParams.get('lang'))));
    return true;
  }
  const match = /^\/checkout\/([0-9a-f]{48})(?:\/(pay|cancel))?\/?$/.exec(url.pathname);
  if (!match) return false;
  const [, key, action] = match;
  if ((action === undefined && method !== 'GET') || (action !== undefined && method !== 'POST')) return false;

  const checkout = ctx.store.getByKey(key ?? '');
  let form = new URLSearchParams();
  if (action !== undefined) {
    try {
      form = new URLSearchParams((await readBody(req, MAX_FORM_BYTES)).toString('utf8'));
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      const lang = chooseLang(req, res, url.searchParams.get('lang'), checkout);
      if (!checkout) sendHtml(res, 404, renderNotFound(lang, url.pathname));
      else sendHtml(res, 413, renderPaymentForm(lang, ctx.merchantName, checkout, { errors: { cardNumber: 'errTooLarge' } }));
      return true;
    }
  }
  const lang = chooseLang(req, res, form.get('lang') ?? url.searchParams.get('lang'), checkout);
  if (!checkout) {
    sendHtml(res, 404, renderNotFound(lang, url.pathname));
    return true;
  }
  if (!isOpen(checkout.status)) {
    // Expired, paid, failed, cancelled, refunded: explain instead of offering the form.
    sendHtml(res, action === undefined ? 200 : 409, renderResult(lang, ctx.merchantName, checkout, 'closed'));
    return true;
  }
  if (action === undefined) {
    sendHtml(res, 200, renderPaymentForm(lang, ctx.merchantName, checkout));
    return true;
  }
  if (action === 'cancel') {
    ctx.store.transition(checkout, 'cancel', 'page');
    sendHtml(res, 200, renderResult(lang, ctx.merchantName, checkout, 'cancelled'));
    return true;
  }
  pay(ctx, res, lang, checkout, form);
  return true;
}

/** True when a card with this MM/YY expiry still works at `nowMs`: cards are valid through their last month. */
export function expiryInFuture(month: number, twoDigitYear: number, nowMs: number): boolean {
  const now = new Date(nowMs);
  const year = 2000 + twoDigitYear;
  return year > now.getUTCFullYear() || (year === now.getUTCFullYear() && month >= now.getUTCMonth() + 1);
}

function pay(ctx: PageContext, res: ServerResponse, lang: Lang, checkout: CheckoutRecord, form: URLSearchParams): void {
  const card = (form.get('cardNumber') ?? '').replace(/[\s-]/g, '');
  const expiry = (form.get('expiry') ?? '').trim();
  const cvv = (form.get('cvv') ?? '').trim();
  const cardName = (form.get('cardName') ?? '').trim();
  const terms = form.get('terms') !== null;

  const errors: FieldErrors = {};
  if (card === '') errors.cardNumber = 'errCardMissing';
  else if (!/^\d{12,19}$/.test(card) || !luhnValid(card)) errors.cardNumber = 'errCardInvalid';
  else if (card !== TEST_CARD_PAYS && card !== TEST_CARD_DECLINES) errors.cardNumber = 'errCardNotAccepted';
  const expiryMatch = /^(0[1-9]|1[0-2])\s*\/\s*(\d{2})$/.exec(expiry);
  if (!expiryMatch) errors.expiry = 'errExpiryFormat';
  // Like a real acquirer: a card past its expiry month is refused (by the simulator's clock).
  else if (!expiryInFuture(Number(expiryMatch[1]), Number(expiryMatch[2]), ctx.store.now())) errors.expiry = 'errExpiryPast';
  if (!/^\d{3}$/.test(cvv)) errors.cvv = 'errCvv';
  if (cardName === '') errors.cardName = 'errNameMissing';
  else if (cardName.length > 100) errors.cardName = 'errNameLong';
  if (!terms) errors.terms = 'errTerms';

  if (Object.keys(errors).length > 0) {
    const state: FormState = { expiry: expiry.slice(0, 10), cardName: cardName.slice(0, 100), terms, errors };
    sendHtml(res, 400, renderPaymentForm(lang, ctx.merchantName, checkout, state));
    return;
  }
  if (card === TEST_CARD_DECLINES) {
    ctx.store.transition(checkout, 'fail', 'page');
    sendHtml(res, 200, renderResult(lang, ctx.merchantName, checkout, 'declined', card));
    return;
  }
  ctx.store.transition(checkout, 'pay', 'page');
  sendHtml(res, 200, renderResult(lang, ctx.merchantName, checkout, 'paid', card));
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
