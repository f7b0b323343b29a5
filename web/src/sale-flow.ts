/**
 * The one sale state machine of the till. Three things move a sale: Firestore snapshots of its checkout, the
 * replies of the callables the cashier pressed, and the cashier. They race, so every event names what it is
 * about (the sale by its idempotency key, the checkout by id and version) and changes the screen only if
 * that is still what the screen is about. A reply for a sale that is no longer current is never dropped: its
 * checkout is real and payable, so it is cancelled with a notice, or shown when it cannot be cancelled.
 */
import type { Unsubscribe } from 'firebase/firestore';
import type { LiveCheckout, PosClient } from './client';
import { $, showError, showNotice } from './dom';
import { formatDecimal } from './format';
import { currentLang, t } from './i18n';
import { liveSnapshot } from './live-status';
import { loadSale, newKey, newSale, saveSale, type Sale } from './sale';
import { lockTill } from './till';
import { isOpen, renderCurrent } from './view';

export interface SaleState {
  uid: string | null;
  role: string | null;
  sale: Sale | null;
  shown: LiveCheckout | null;
  /** Payload of the sale's last create attempt: a changed payload needs a new idempotency key. */
  attempted: string | null;
}

export const state: SaleState = { uid: null, role: null, sale: null, shown: null, attempted: null };
let stopShown: Unsubscribe | null = null;
let pos: PosClient;

const input = (id: string) => $<HTMLInputElement>(id);

export function useClient(client: PosClient): void {
  pos = client;
}

function persist(): void {
  if (state.uid && state.sale) saveSale(state.uid, state.sale);
}

export function renderForm(): void {
  const { sale, shown } = state;
  const locked = sale?.checkoutId != null;
  input('order-id').value = sale?.orderId ?? '';
  input('amount').value = sale?.amount ?? '';
  $<HTMLSelectElement>('currency').value = sale?.currency ?? 'AED';
  input('order-id').readOnly = locked;
  input('amount').readOnly = locked;
  $<HTMLSelectElement>('currency').disabled = locked;
  lockTill(locked);
  $('new-sale').hidden = !locked && shown === null;
  input('amount').dispatchEvent(new Event('input'));
}

/** The mode of the shown checkout: the document's, else what createQrCheckout answered for the sale. */
function render(): void {
  const { shown, sale } = state;
  const mode = shown?.mode ?? (shown && sale?.checkoutId === shown.checkoutId ? sale.mode : null);
  renderCurrent(shown, state.role, mode ?? null);
}

export function startNewSale(): void {
  state.sale = newSale(state.sale?.currency ?? 'AED', currentLang());
  state.attempted = null;
  persist();
  renderForm();
  input('amount').focus();
}

/** Signed in (or out): the user's stored sale, and its checkout on screen again. */
export function resetFor(uid: string | null): void {
  state.uid = uid;
  state.sale = uid ? (loadSale(uid) ?? newSale('AED', currentLang())) : null;
  state.attempted = null;
  show(null);
  renderForm();
  persist();
  if (state.sale?.checkoutId) show(state.sale.checkoutId);
}

/** The sale's own checkout ended: paid or cancelled ends the sale; failed or expired allows a new QR. */
function onSaleCheckout(c: LiveCheckout): void {
  const sale = state.sale;
  if (!sale || sale.checkoutId !== c.checkoutId || isOpen(c)) return;
  if (c.status === 'FAILED' || c.status === 'EXPIRED') {
    state.sale = { ...sale, checkoutId: null, idempotencyKey: newKey(sale.orderId) };
    state.attempted = null;
    persist();
    renderForm();
    showNotice(t('saleFailed'));
  } else {
    startNewSale();
  }
}

/** Follows one checkout on screen (null: none). Older versions than the one shown are ignored. */
export function show(checkoutId: string | null): void {
  stopShown?.();
  stopShown = null;
  state.shown = null;
  render();
  if (!checkoutId) return;
  stopShown = pos.watchCheckout(
    checkoutId,
    (checkout) => {
      const before = state.shown;
      if (before && before.checkoutId === checkout.checkoutId && checkout.version < before.version) return;
      state.shown = checkout;
      render();
      onSaleCheckout(checkout);
      $('new-sale').hidden = false;
    },
    () => showError(t('errWatch')),
    liveSnapshot(`checkout:${checkoutId}`),
  );
}

/** A getCheckout reply newer than the snapshot (the listener was paused): its status and refunds are shown. */
export function mergeReply(reply: { checkoutId: string; status: LiveCheckout['status']; totalRefunded: string }): void {
  const shown = state.shown;
  if (!shown || shown.checkoutId !== reply.checkoutId || shown.status === reply.status) return;
  state.shown = { ...shown, status: reply.status, totalRefunded: reply.totalRefunded, updatedAt: new Date() };
  render();
  onSaleCheckout(state.shown);
}

export function rerender(): void {
  renderForm();
  render();
}

/** createQrCheckout answered for `forKey`'s sale: attach it if that sale is current, else cancel or show it. */
export async function created(forKey: string, reply: { checkoutId: string; amount: string; currency: LiveCheckout['currency']; orderId?: string; mode?: 'test' | 'live' | null }, orderId: string): Promise<void> {
  const sale = state.sale;
  if (sale && sale.idempotencyKey === forKey) {
    if (sale.checkoutId === reply.checkoutId) return;
    state.sale = { ...sale, checkoutId: reply.checkoutId, mode: reply.mode ?? null };
    persist();
    renderForm();
    show(reply.checkoutId);
    return;
  }
  // The sale changed (New sale, sign-out) while the QR was being made: nobody is showing it to a customer.
  const amount = formatDecimal(reply.amount, reply.currency);
  try {
    await pos.cancelCheckout({ checkoutId: reply.checkoutId });
    showNotice(t('staleCancelled', { amount, order: orderId }));
  } catch {
    if (state.uid === null) return;
    show(reply.checkoutId);
    showNotice(t('staleShown', { amount, order: orderId }));
  }
}

/**
 * The cancel behind "New sale" answered. The CANCELLED snapshot may have started the next sale already (and
 * the cashier may have made its QR): only the sale that was cancelled is replaced, and only once.
 */
export function cancelledForNewSale(saleKey: string, checkoutId: string): void {
  if (state.shown?.checkoutId === checkoutId) show(null);
  if (state.sale?.idempotencyKey === saleKey) startNewSale();
}

/** Records the payload of a create attempt; a changed payload gets a fresh idempotency key. */
export function attempt(payload: string, orderId: string, amount: string, currency: Sale['currency']): Sale | null {
  if (!state.sale) return null;
  if (state.attempted !== null && state.attempted !== payload) state.sale.idempotencyKey = newKey(orderId);
  state.attempted = payload;
  state.sale = { ...state.sale, orderId, amount, currency };
  persist();
  return state.sale;
}
