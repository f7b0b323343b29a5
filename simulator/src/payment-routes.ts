/**
 * Routes of the hosted payment page (no authentication, like the real pay.* host):
 *   GET  /checkout/{checkoutKey}         the form, or a clear page when it can no longer be paid
 *   POST /checkout/{checkoutKey}/pay     form-encoded card details
 *   POST /checkout/{checkoutKey}/cancel  the customer gives up
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext } from './api';
import { BodyTooLargeError, readBody, sendHtml } from './http-util';
import type { CheckoutRecord } from './model';
import { renderNotFound, renderPaymentForm, renderResult, type FieldErrors, type FormState } from './payment-page';
import { isOpen } from './store';

/** Card that pays (the vendor docs' test card) and card that is declined. */
export const TEST_CARD_PAYS = '4242424242424242';
export const TEST_CARD_DECLINES = '4000000000000002';
const MAX_FORM_BYTES = 64 * 1024;

export interface PageContext extends ApiContext {
  merchantName: string;
}

/** Returns false when the path is not a payment-page path. */
export async function handlePaymentPage(ctx: PageContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const match = /^\/checkout\/([0-9a-f]{48})(?:\/(pay|cancel))?\/?$/.exec(url.pathname);
  if (!match) return false;
  const [, key, action] = match;
  const method = req.method ?? 'GET';
  if ((action === undefined && method !== 'GET') || (action !== undefined && method !== 'POST')) return false;

  const checkout = ctx.store.getByKey(key ?? '');
  if (!checkout) {
    sendHtml(res, 404, renderNotFound());
    return true;
  }
  if (!isOpen(checkout.status)) {
    // Expired, paid, failed, cancelled, refunded: explain instead of offering the form.
    sendHtml(res, action === undefined ? 200 : 409, renderResult(ctx.merchantName, checkout, 'closed'));
    return true;
  }
  if (action === undefined) {
    sendHtml(res, 200, renderPaymentForm(ctx.merchantName, checkout));
    return true;
  }
  if (action === 'cancel') {
    ctx.store.transition(checkout, 'cancel', 'page');
    sendHtml(res, 200, renderResult(ctx.merchantName, checkout, 'cancelled'));
    return true;
  }

  let form: URLSearchParams;
  try {
    form = new URLSearchParams((await readBody(req, MAX_FORM_BYTES)).toString('utf8'));
  } catch (err) {
    if (!(err instanceof BodyTooLargeError)) throw err;
    sendHtml(res, 413, renderPaymentForm(ctx.merchantName, checkout, { errors: { cardNumber: 'The form was too large.' } }));
    return true;
  }
  pay(ctx, res, checkout, form);
  return true;
}

function pay(ctx: PageContext, res: ServerResponse, checkout: CheckoutRecord, form: URLSearchParams): void {
  const card = (form.get('cardNumber') ?? '').replace(/[\s-]/g, '');
  const expiry = (form.get('expiry') ?? '').trim();
  const cvv = (form.get('cvv') ?? '').trim();
  const cardName = (form.get('cardName') ?? '').trim();
  const terms = form.get('terms') !== null;

  const errors: FieldErrors = {};
  if (card === '') errors.cardNumber = 'Enter the card number.';
  else if (!/^\d{12,19}$/.test(card) || !luhnValid(card)) errors.cardNumber = 'Enter a valid card number.';
  else if (card !== TEST_CARD_PAYS && card !== TEST_CARD_DECLINES) {
    errors.cardNumber = 'This card is not accepted here: use 4242 4242 4242 4242 or 4000 0000 0000 0002.';
  }
  // Any month/year is accepted, past ones included, so the docs' test expiry 12/25 keeps working.
  if (!/^(0[1-9]|1[0-2])\s*\/\s*\d{2}$/.test(expiry)) errors.expiry = 'Enter the expiry date as MM/YY.';
  if (!/^\d{3}$/.test(cvv)) errors.cvv = 'Enter the 3-digit CVV.';
  if (cardName === '') errors.cardName = 'Enter the name on the card.';
  else if (cardName.length > 100) errors.cardName = 'The name on the card is too long.';
  if (!terms) errors.terms = 'Accept the Terms & Conditions to pay.';

  if (Object.keys(errors).length > 0) {
    const state: FormState = { expiry: expiry.slice(0, 10), cardName: cardName.slice(0, 100), terms, errors };
    sendHtml(res, 400, renderPaymentForm(ctx.merchantName, checkout, state));
    return;
  }
  if (card === TEST_CARD_DECLINES) {
    ctx.store.transition(checkout, 'fail', 'page');
    sendHtml(res, 200, renderResult(ctx.merchantName, checkout, 'declined', card));
    return;
  }
  ctx.store.transition(checkout, 'pay', 'page');
  sendHtml(res, 200, renderResult(ctx.merchantName, checkout, 'paid', card));
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
