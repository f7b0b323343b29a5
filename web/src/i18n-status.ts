/** The names of the checkout statuses on the POS page, in English and Arabic. */
import type { CheckoutStatus } from '../../functions/src/domain/status';
import type { Lang } from './i18n-texts';

export const STATUS: Record<Lang, Record<CheckoutStatus, string>> = {
  en: {
    PENDING: 'Waiting for payment',
    AUTHORIZED: 'Authorized',
    PAID: 'PAID ✓',
    FAILED: 'Failed',
    CANCELLED: 'Cancelled',
    EXPIRED: 'Expired',
    REFUNDED: 'Refunded',
    PARTIALLY_REFUNDED: 'Partly refunded',
  },
  ar: {
    PENDING: 'بانتظار الدفع',
    AUTHORIZED: 'مُصرّح به',
    PAID: 'مدفوع ✓',
    FAILED: 'فشل الدفع',
    CANCELLED: 'ملغى',
    EXPIRED: 'منتهي الصلاحية',
    REFUNDED: 'مسترد',
    PARTIALLY_REFUNDED: 'مسترد جزئيًا',
  },
};
