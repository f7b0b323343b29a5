/**
 * The shown checkout's manager buttons: refresh from PointCheckout, cancel, and refund. Cancel and refund ask
 * first, naming the amount and order; a refund is checked against what is left and its field cleared at once.
 */
import { formatMinor } from '../../functions/src/domain/money';
import { busy } from './busy';
import type { LiveCheckout, PosClient } from './client';
import { $, confirmAction, showError, showNotice } from './dom';
import { formatDecimal, formatMoney, readAmount } from './format';
import { t } from './i18n';
import { refundable } from './view';

const input = (id: string) => $<HTMLInputElement>(id);

export function wireManagerActions(pos: PosClient, current: () => LiveCheckout | null): void {
  $('refresh').addEventListener('click', () => {
    const c = current();
    if (c) void busy($<HTMLButtonElement>('refresh'), () => pos.getCheckout({ checkoutId: c.checkoutId }));
  });

  $('cancel').addEventListener('click', () => {
    const c = current();
    if (!c) return;
    void (async () => {
      showNotice(null);
      const question = t('confirmCancel', { amount: formatDecimal(c.amount, c.currency), order: c.orderId });
      if (!(await confirmAction(question, t('confirmCancelYes')))) return;
      if (await busy($<HTMLButtonElement>('cancel'), () => pos.cancelCheckout({ checkoutId: c.checkoutId }))) showNotice(t('cancelDone'));
    })();
  });

  $('refund-all').addEventListener('click', () => {
    const c = current();
    if (c) input('refund-amount').value = formatMinor(refundable(c), c.currency);
  });

  $('refund-box').addEventListener('submit', (event) => {
    event.preventDefault();
    const c = current();
    if (!c) return;
    void (async () => {
      showError(null);
      showNotice(null);
      const left = refundable(c);
      const most = formatMoney(left, c.currency);
      const typed = input('refund-amount').value;
      const amount = typed.trim() === '' ? null : readAmount(typed, c.currency);
      if (amount === null || !amount.ok) {
        showError(amount === null ? t('refundMissing', { amount: most }) : amount.message);
        input('refund-amount').focus();
        return;
      }
      if (amount.minor > left) {
        showError(t('refundTooMuch', { amount: most }));
        return;
      }
      const money = formatMoney(amount.minor, c.currency);
      if (!(await confirmAction(t('confirmRefund', { amount: money, order: c.orderId }), t('confirmRefundYes', { amount: money })))) return;
      // Cleared before the call: a second click can never refund the same amount again, and the reply (which
      // may come after the snapshot, when the next amount is already typed) never touches the field.
      input('refund-amount').value = '';
      const done = await busy($<HTMLButtonElement>('refund'), () =>
        pos.refundCheckout({ checkoutId: c.checkoutId, amount: amount.text, note: 'Refunded at the till' }),
      );
      if (done) showNotice(t('refundDone', { amount: money }));
      else if (input('refund-amount').value === '') input('refund-amount').value = typed;
    })();
  });
}
