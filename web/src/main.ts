/**
 * The cashier's screen: sign in, one sale at a time (one order id, one QR until it is paid, cancelled or a
 * new sale starts), the QR turning PAID live, today's checkouts; managers also refresh, cancel and refund,
 * always after a confirmation that names the amount. English or Arabic. Backend only through the client.
 */
import { onAuthStateChanged, onIdTokenChanged, signInWithEmailAndPassword, signOut, type User } from 'firebase/auth';
import type { Unsubscribe } from 'firebase/firestore';
import type { Currency } from '../../functions/src/checkouts/money';
import { manages, scopeOf, type Scope } from './branch';
import { createPosClient, type LiveCheckout } from './client';
import { $, confirmAction, showError, showNotice } from './dom';
import { busy } from './busy';
import { formatDecimal, readAmount } from './format';
import { applyStatic, currentLang, setLang, t } from './i18n';
import { loadSale, newKey, newSale, saveSale, type Sale } from './sale';
import { connect } from './setup';
import { lockTill, showTill, tillFields } from './till';
import { wireManagerActions } from './manager-actions';
import { isOpen, renderCountdown, renderCurrent, renderToday } from './view';

const ORDER_ID = /^[A-Za-z0-9._:-]{1,50}$/;
const { app, auth, functions } = await connect();
const pos = createPosClient(app, functions);

let uid: string | null = null;
let role: string | null = null;
let scope: Scope | null = null;
let sale: Sale | null = null;
let shown: LiveCheckout | null = null;
let today: LiveCheckout[] = [];
let stopShown: Unsubscribe | null = null;
let stopToday: Unsubscribe | null = null;
/** Payload of the sale's last create attempt: a changed payload needs a new idempotency key. */
let attempted: string | null = null;

const input = (id: string) => $<HTMLInputElement>(id);

function persist(): void {
  if (uid && sale) saveSale(uid, sale);
}

function renderForm(): void {
  const locked = sale?.checkoutId != null;
  input('order-id').value = sale?.orderId ?? '';
  input('amount').value = sale?.amount ?? '';
  $<HTMLSelectElement>('currency').value = sale?.currency ?? 'AED';
  input('order-id').readOnly = locked;
  input('amount').readOnly = locked;
  $<HTMLSelectElement>('currency').disabled = locked;
  lockTill(locked);
  $('new-sale').hidden = !locked && shown === null;
}

function renderAll(): void {
  renderForm();
  renderCurrent(shown, role);
  renderToday(today, show);
}

function startNewSale(): void {
  sale = newSale(sale?.currency ?? 'AED', currentLang());
  attempted = null;
  persist();
  renderForm();
  input('amount').focus();
}

/** The sale's own checkout ended: paid or cancelled ends the sale; failed or expired allows a new QR. */
function onSaleCheckout(c: LiveCheckout): void {
  if (!sale || sale.checkoutId !== c.checkoutId || isOpen(c)) return;
  if (c.status === 'FAILED' || c.status === 'EXPIRED') {
    sale = { ...sale, checkoutId: null, idempotencyKey: newKey(sale.orderId) };
    attempted = null;
    persist();
    renderForm();
    showNotice(t('saleFailed'));
  } else {
    startNewSale();
  }
}

function show(checkoutId: string | null): void {
  stopShown?.();
  stopShown = null;
  shown = null;
  renderCurrent(null, role);
  if (!checkoutId) return;
  stopShown = pos.watchCheckout(
    checkoutId,
    (checkout) => {
      shown = checkout;
      renderCurrent(shown, role);
      onSaleCheckout(checkout);
      $('new-sale').hidden = false;
    },
    () => showError(t('errWatch')),
  );
}

function roleText(): string {
  return role === 'owner' ? t('roleOwner') : role === 'manager' ? t('roleManager') : role === 'staff' ? t('roleStaff') : t('roleNone');
}

async function readRole(user: User): Promise<void> {
  const token = await user.getIdTokenResult();
  const next = scopeOf(token.claims);
  const changed = JSON.stringify(next) !== JSON.stringify(scope);
  scope = next;
  role = next.role;
  $('who-email').textContent = user.email ?? user.uid;
  $('who-role').textContent = roleText();
  if (!role) showError(t('noRole'));
  if (changed) {
    stopToday?.();
    // Scoped users must filter by their branches (and staff by themselves), or the rules refuse the query.
    stopToday = pos.watchTodaysCheckouts(manages(role) ? null : user.uid, (list) => {
      today = list;
      renderToday(today, show);
    }, () => showError(t('errWatch')), next.branches);
    renderCurrent(shown, role);
    await showTill(app, user.uid, next);
  }
}

/** A different user (or none): everything of the previous one leaves the screen. */
async function onUser(user: User | null): Promise<void> {
  const signedOut = uid !== null && user === null;
  stopToday?.();
  stopToday = null;
  show(null);
  showError(null);
  showNotice(null);
  today = [];
  role = null;
  scope = null;
  uid = user?.uid ?? null;
  void showTill(app, null, null);
  sale = user ? (loadSale(user.uid) ?? newSale('AED', currentLang())) : null;
  attempted = null;
  renderAll();
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
  persist();
  if (sale?.checkoutId) show(sale.checkoutId);
  else input('amount').focus();
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
  if (sale && sale.checkoutId === null) sale.language = currentLang();
  if (role) $('who-role').textContent = roleText();
  renderAll();
});

$('create-form').addEventListener('submit', (event) => {
  event.preventDefault();
  if (!sale) return;
  showError(null);
  showNotice(null);
  if (sale.checkoutId) {
    // One sale, one checkout: a second press shows the QR the customer may already be paying.
    if (shown?.checkoutId !== sale.checkoutId) show(sale.checkoutId);
    showNotice(t('sameSale'));
    return;
  }
  const orderId = input('order-id').value.trim();
  const currency = $<HTMLSelectElement>('currency').value as Currency;
  if (!ORDER_ID.test(orderId)) {
    showError(t('orderIdInvalid'));
    input('order-id').focus();
    return;
  }
  const amount = readAmount(input('amount').value, currency);
  if (!amount.ok) {
    showError(amount.message);
    input('amount').focus();
    return;
  }
  const till = tillFields();
  if (!till.ok) {
    showError(till.message);
    input('device').focus();
    return;
  }
  const payload = JSON.stringify([orderId, amount.text, currency, sale.language, till.branchId, till.deviceReference]);
  if (attempted !== null && attempted !== payload) sale.idempotencyKey = newKey(orderId);
  attempted = payload;
  sale = { ...sale, orderId, amount: amount.text, currency };
  persist();
  input('amount').value = amount.text;
  const current = sale;
  void busy($<HTMLButtonElement>('create'), async () => {
    const created = await pos.createQrCheckout({
      orderId,
      amount: amount.text,
      currency,
      idempotencyKey: current.idempotencyKey,
      language: current.language,
      ...(till.branchId ? { branchId: till.branchId } : {}),
      ...(till.deviceReference ? { deviceReference: till.deviceReference } : {}),
    });
    if (sale !== current) return; // signed out or a new sale meanwhile
    sale = { ...current, checkoutId: created.checkoutId };
    persist();
    renderForm();
    show(created.checkoutId);
  });
});

$('new-sale').addEventListener('click', () => {
  void (async () => {
    showError(null);
    showNotice(null);
    if (sale?.checkoutId && shown?.checkoutId === sale.checkoutId && isOpen(shown)) {
      const open = shown;
      const amount = formatDecimal(open.amount, open.currency);
      if (!(await confirmAction(t('confirmNewSale', { amount, order: open.orderId }), t('confirmNewSaleYes')))) return;
      if (!(await busy($<HTMLButtonElement>('new-sale'), () => pos.cancelCheckout({ checkoutId: open.checkoutId })))) return;
    }
    show(null);
    startNewSale();
  })();
});

wireManagerActions(pos, () => shown);

applyStatic();
// Sign-in and sign-out reset the screen; a token refresh (hourly, or a new role claim) only re-reads the role.
onAuthStateChanged(auth, (user) => void onUser(user));
onIdTokenChanged(auth, (user) => {
  if (user && user.uid === uid) void readRole(user);
});
setInterval(() => renderCountdown(shown), 1000);
