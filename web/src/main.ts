/**
 * The cashier's screen: sign in, one sale at a time (one order id, one QR until it is paid, cancelled or a
 * new sale starts), the QR turning PAID live, today's checkouts; managers also refresh, cancel and refund,
 * always after a confirmation that names the amount. English or Arabic. Backend only through the client.
 * The sale's state machine is sale-flow.ts; this file wires the page's events to it.
 */
import { onAuthStateChanged, onIdTokenChanged, signInWithEmailAndPassword, signOut, type User } from 'firebase/auth';
import type { Unsubscribe } from 'firebase/firestore';
import type { Currency } from '../../functions/src/domain/money';
import { markInvalid, renderAmountPreview, wireAmountPreview } from './amount-preview';
import { manages, scopeOf, type Scope } from './branch';
import { createPosClient, type LiveCheckout } from './client';
import { $, confirmAction, showError, showNotice } from './dom';
import { busy } from './busy';
import { formatDecimal, readAmount } from './format';
import { applyStatic, currentLang, setLang, t } from './i18n';
import { liveSnapshot, renderLiveStatus, watchConnection } from './live-status';
import { attempt, cancelledForNewSale, created, mergeReply, rerender, resetFor, show, startNewSale, state, useClient } from './sale-flow';
import { connect } from './setup';
import { relabelTill, showTill, tillFields } from './till';
import { wireManagerActions } from './manager-actions';
import { renderWho as whoIs } from './who';
import { isOpen, renderCountdown, renderCurrent, renderToday } from './view';

const ORDER_ID = /^[A-Za-z0-9._:-]{1,50}$/;
const { app, auth, functions } = await connect();
const pos = createPosClient(app, functions);
useClient(pos);

let scope: Scope | null = null;
let email = '';
let today: LiveCheckout[] = [];
let stopToday: Unsubscribe | null = null;

const input = (id: string) => $<HTMLInputElement>(id);

let roleRead = false;
const renderWho = () => whoIs(state.uid ? email : null, roleRead ? state.role : undefined);

async function readRole(user: User): Promise<void> {
  const token = await user.getIdTokenResult();
  const next = scopeOf(token.claims);
  const changed = JSON.stringify(next) !== JSON.stringify(scope);
  scope = next;
  state.role = next.role;
  roleRead = true;
  email = user.email ?? user.uid;
  renderWho();
  if (!state.role) showError(t('noRole'));
  if (changed) {
    stopToday?.();
    // Scoped users must filter by their branches (and staff by themselves), or the rules refuse the query.
    stopToday = pos.watchTodaysCheckouts(manages(state.role) ? null : user.uid, (list) => {
      today = list;
      renderToday(today, show);
    }, () => showError(t('errWatch')), next.branches, liveSnapshot('today'));
    renderCurrent(state.shown, state.role);
    rerender();
    await showTill(app, user.uid, next);
  }
}

/** A different user (or none): everything of the previous one leaves the screen. */
async function onUser(user: User | null): Promise<void> {
  const signedOut = state.uid !== null && user === null;
  stopToday?.();
  stopToday = null;
  showError(null);
  showNotice(null);
  today = [];
  state.role = null;
  roleRead = false;
  scope = null;
  email = user?.email ?? user?.uid ?? '';
  void showTill(app, null, null);
  resetFor(user?.uid ?? null);
  renderToday(today, show);
  renderWho();
  $('sign-in').hidden = user !== null;
  $('pos').hidden = user === null;
  $('who').hidden = user === null;
  // Enabled once the first auth state is known: a tap before would submit the form natively (a reload with
  // the email in the address bar), or its error would be wiped by this very reset.
  $<HTMLButtonElement>('sign-in-button').disabled = false;
  if (!user) {
    // The first auth state can arrive while someone is already typing: keep what they typed and where they are.
    if (signedOut) input('password').value = '';
    if (signedOut || document.activeElement === document.body || document.activeElement === null) input('email').focus();
    return;
  }
  if (!state.sale?.checkoutId) input('amount').focus();
  await readRole(user);
}

$('sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const button = (event.target as HTMLFormElement).querySelector('button') as HTMLButtonElement;
  void busy(button, () => signInWithEmailAndPassword(auth, input('email').value.trim(), input('password').value));
});

$('sign-out').addEventListener('click', () => void signOut(auth));

$('lang-switch').addEventListener('click', () => {
  setLang(currentLang() === 'ar' ? 'en' : 'ar');
  showError(null);
  showNotice(null);
  if (state.sale && state.sale.checkoutId === null) state.sale.language = currentLang();
  renderWho();
  relabelTill();
  renderLiveStatus();
  rerender();
  renderToday(today, show);
  renderAmountPreview();
});

/** Says what is wrong, marks the field and puts the cursor in it. */
function refuse(field: string, message: string): void {
  showError(message);
  markInvalid(field, true);
  input(field).focus();
}

$('create-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const sale = state.sale;
  if (!sale) return;
  showError(null);
  showNotice(null);
  if (sale.checkoutId) {
    // One sale, one checkout: a second press shows the QR the customer may already be paying.
    if (state.shown?.checkoutId !== sale.checkoutId) show(sale.checkoutId);
    showNotice(t('sameSale'));
    $('notice').scrollIntoView({ block: 'center' });
    return;
  }
  const orderId = input('order-id').value.trim();
  const currency = $<HTMLSelectElement>('currency').value as Currency;
  markInvalid('order-id', false);
  if (!ORDER_ID.test(orderId)) return refuse('order-id', t('orderIdInvalid'));
  const amount = readAmount(input('amount').value, currency);
  if (!amount.ok) return refuse('amount', amount.message);
  markInvalid('amount', false);
  const till = tillFields();
  if (!till.ok) return refuse('device', till.message);
  const payload = JSON.stringify([orderId, amount.text, currency, sale.language, till.branchId, till.deviceReference]);
  const current = attempt(payload, orderId, amount.text, currency);
  if (!current) return;
  input('amount').value = amount.text;
  renderAmountPreview();
  void busy($<HTMLButtonElement>('create'), async () => {
    const reply = await pos.createQrCheckout({
      orderId,
      amount: amount.text,
      currency,
      idempotencyKey: current.idempotencyKey,
      language: current.language,
      ...(till.branchId ? { branchId: till.branchId } : {}),
      ...(till.deviceReference ? { deviceReference: till.deviceReference } : {}),
    });
    await created(current.idempotencyKey, reply, orderId);
  });
});

$('new-sale').addEventListener('click', () => {
  void (async () => {
    showError(null);
    showNotice(null);
    const { sale, shown } = state;
    if (sale?.checkoutId && shown?.checkoutId === sale.checkoutId && isOpen(shown)) {
      const open = shown;
      const amount = formatDecimal(open.amount, open.currency);
      if (!(await confirmAction(t('confirmNewSale', { amount, order: open.orderId }), t('confirmNewSaleYes')))) return;
      if (!(await busy($<HTMLButtonElement>('new-sale'), () => pos.cancelCheckout({ checkoutId: open.checkoutId })))) return;
      cancelledForNewSale(sale.idempotencyKey, open.checkoutId);
      return;
    }
    show(null);
    startNewSale();
  })();
});

wireManagerActions(pos, () => state.shown);
wireAmountPreview();
watchConnection(async () => {
  // The page's own origin answers only when the network is back, even with no checkout shown.
  const probe = await fetch('pos-config.json', { cache: 'no-store' });
  if (!probe.ok) throw new Error(`pos-config.json ${probe.status}`);
  const shown = state.shown;
  if (shown) mergeReply(await pos.getCheckout({ checkoutId: shown.checkoutId }));
});

applyStatic();
// Sign-in and sign-out reset the screen; a token refresh (hourly, or a new role claim) only re-reads the role.
onAuthStateChanged(auth, (user) => void onUser(user));
onIdTokenChanged(auth, (user) => {
  if (user && user.uid === state.uid) void readRole(user);
});
setInterval(() => renderCountdown(state.shown), 1000);
