/**
 * The POS page's texts in English and Arabic. Static texts are marked in index.html with `data-i18n`
 * (text), `data-i18n-placeholder` and `data-i18n-label` (aria-label); dynamic ones use `t()`.
 * The choice is remembered in localStorage; Arabic turns the page right-to-left.
 */
import type { CheckoutStatus } from '../../functions/src/checkouts/status';

export type Lang = 'en' | 'ar';
const STORAGE_KEY = 'pos.lang';

const EN = {
  title: 'PointCheckout POS',
  switchTo: 'العربية',
  signOut: 'Sign out',
  signInTitle: 'Sign in',
  email: 'Email',
  password: 'Password',
  signIn: 'Sign in',
  newTitle: 'New payment',
  orderId: 'Order id',
  amount: 'Amount',
  currency: 'Currency',
  createQr: 'Create QR',
  newSale: 'New sale',
  scanToPay: 'Scan to pay',
  paymentTitle: 'Payment',
  order: 'Order',
  openPaymentPage: 'Open the payment page',
  refresh: 'Refresh',
  cancel: 'Cancel',
  refundAmount: 'Refund amount',
  refund: 'Refund',
  refundAll: 'All',
  leftToRefund: 'Left to refund: {amount}',
  today: 'Today',
  time: 'Time',
  status: 'Status',
  noPayments: 'No payments yet today.',
  qrAlt: 'QR code for the customer to scan',
  goBack: 'Go back',
  roleStaff: 'staff',
  roleManager: 'manager',
  roleOwner: 'owner',
  roleNone: 'no role',
  branch: 'Branch',
  noBranch: 'No branch (whole business)',
  device: 'Device / till (optional)',
  deviceHint: 'Kept on this device and sent with each QR, e.g. Till 2.',
  deviceInvalid: 'The device name may use only English letters, digits, spaces and punctuation (at most 100).',
  endOfDay: 'End-of-day report',
  noRole: 'Your account has no payments role yet; ask a manager to give it the staff or manager role.',
  expiresIn: 'expires in {time}',
  expired: 'expired',
  refunded: 'refunded {amount}',
  updatedAt: 'updated {time}',
  confirmCancel: 'Cancel the payment of {amount} for order {order}? The customer will not be able to pay with this QR.',
  confirmCancelYes: 'Yes, cancel it',
  confirmRefund: 'Refund {amount} to the customer for order {order}?',
  confirmRefundYes: 'Yes, refund {amount}',
  confirmNewSale: 'The QR for {amount} (order {order}) is still open. Cancel it and start a new sale?',
  confirmNewSaleYes: 'Cancel it and start a new sale',
  refundDone: 'Refunded {amount}.',
  cancelDone: 'The payment was cancelled.',
  sameSale: 'This sale already has a QR: it is shown again. Press New sale for another customer.',
  saleFailed: 'This QR can no longer be paid. Press Create QR for a new one for the same order.',
  amountMissing: 'Enter the amount.',
  amountInvalid: 'Enter the amount as a number, for example 25.00.',
  amountDecimals: 'The amount has too many decimals: {currency} allows {n}.',
  amountZero: 'The amount must be more than zero.',
  amountTooLarge: 'The amount is too large.',
  refundMissing: 'Enter the amount to refund (at most {amount}).',
  refundTooMuch: 'You can refund at most {amount}.',
  orderIdInvalid: 'The order id may use only letters, digits and . _ : - (at most 50).',
  wrongPassword: 'Wrong email or password.',
  tooManyAttempts: 'Too many attempts. Wait a minute, then try again.',
  signInOffline: 'The sign-in service is not reachable. Check the connection and try again.',
  errUnauthenticated: 'Please sign in again.',
  errPermission: 'You are not allowed to do that.',
  errPermissionStaffAuthorized: 'Only a manager can do that for this payment.',
  errInvalid: 'Please check the form: {detail}',
  errInvalidOther: 'The payment could not be started with these details. Press New sale and try again.',
  errAlreadyExists: 'This sale was already started with different details. Press New sale and try again.',
  errOpenCheckout: 'This order already has an open QR with another amount. Cancel it first, or press New sale.',
  errAlreadyPaid: 'This order has already been paid. Press New sale for the next customer.',
  errPrecondition: 'This cannot be done for this payment right now.',
  errGatewayRefused: 'PointCheckout refused this payment. Check the amount, or call your manager.',
  errNotFound: 'That payment could not be found.',
  errUnavailable: 'The payment service is not reachable right now. Please try again in a moment.',
  errOther: 'Something went wrong. Please try again; if it keeps happening, call your manager.',
  errWatch: 'Live updates stopped. Reload the page.',
};

export type Key = keyof typeof EN;

const AR: Record<Key, string> = {
  title: 'نقطة بيع PointCheckout',
  switchTo: 'English',
  signOut: 'تسجيل الخروج',
  signInTitle: 'تسجيل الدخول',
  email: 'البريد الإلكتروني',
  password: 'كلمة المرور',
  signIn: 'دخول',
  newTitle: 'دفعة جديدة',
  orderId: 'رقم الطلب',
  amount: 'المبلغ',
  currency: 'العملة',
  createQr: 'إنشاء رمز QR',
  newSale: 'عملية بيع جديدة',
  scanToPay: 'امسح للدفع',
  paymentTitle: 'الدفعة',
  order: 'الطلب',
  openPaymentPage: 'فتح صفحة الدفع',
  refresh: 'تحديث',
  cancel: 'إلغاء',
  refundAmount: 'مبلغ الاسترداد',
  refund: 'استرداد',
  refundAll: 'الكل',
  leftToRefund: 'المتبقي للاسترداد: {amount}',
  today: 'اليوم',
  time: 'الوقت',
  status: 'الحالة',
  noPayments: 'لا توجد دفعات اليوم بعد.',
  qrAlt: 'رمز QR ليمسحه العميل',
  goBack: 'رجوع',
  roleStaff: 'موظف',
  roleManager: 'مدير',
  roleOwner: 'مالك',
  roleNone: 'بلا دور',
  branch: 'الفرع',
  noBranch: 'بلا فرع (المنشأة كلها)',
  device: 'الجهاز / الصندوق (اختياري)',
  deviceHint: 'يُحفظ على هذا الجهاز ويُرسل مع كل رمز، مثل Till 2.',
  deviceInvalid: 'اسم الجهاز يقبل الحروف الإنجليزية والأرقام والمسافات وعلامات الترقيم فقط (100 حرف كحد أقصى).',
  endOfDay: 'تقرير نهاية اليوم',
  noRole: 'ليس لحسابك دور في المدفوعات بعد؛ اطلب من المدير منحه دور موظف أو مدير.',
  expiresIn: 'ينتهي خلال {time}',
  expired: 'انتهت الصلاحية',
  refunded: 'تم استرداد {amount}',
  updatedAt: 'آخر تحديث {time}',
  confirmCancel: 'إلغاء دفعة {amount} للطلب {order}؟ لن يتمكن العميل من الدفع بهذا الرمز.',
  confirmCancelYes: 'نعم، إلغاء',
  confirmRefund: 'استرداد {amount} للعميل عن الطلب {order}؟',
  confirmRefundYes: 'نعم، استرداد {amount}',
  confirmNewSale: 'رمز QR بمبلغ {amount} (الطلب {order}) ما زال مفتوحًا. إلغاؤه وبدء عملية بيع جديدة؟',
  confirmNewSaleYes: 'إلغاؤه وبدء عملية بيع جديدة',
  refundDone: 'تم استرداد {amount}.',
  cancelDone: 'تم إلغاء الدفعة.',
  sameSale: 'لهذه العملية رمز QR بالفعل، وهو معروض مجددًا. اضغط «عملية بيع جديدة» لعميل آخر.',
  saleFailed: 'لم يعد من الممكن الدفع بهذا الرمز. اضغط «إنشاء رمز QR» لرمز جديد للطلب نفسه.',
  amountMissing: 'أدخل المبلغ.',
  amountInvalid: 'أدخل المبلغ رقمًا، مثل 25.00.',
  amountDecimals: 'في المبلغ منازل عشرية كثيرة: تسمح {currency} بـ {n}.',
  amountZero: 'يجب أن يكون المبلغ أكبر من صفر.',
  amountTooLarge: 'المبلغ كبير جدًا.',
  refundMissing: 'أدخل مبلغ الاسترداد (بحد أقصى {amount}).',
  refundTooMuch: 'يمكنك استرداد {amount} كحد أقصى.',
  orderIdInvalid: 'رقم الطلب يقبل الحروف اللاتينية والأرقام و . _ : - فقط (50 حرفًا كحد أقصى).',
  wrongPassword: 'البريد الإلكتروني أو كلمة المرور غير صحيحة.',
  tooManyAttempts: 'محاولات كثيرة. انتظر دقيقة ثم حاول مجددًا.',
  signInOffline: 'خدمة تسجيل الدخول غير متاحة. تحقق من الاتصال وحاول مجددًا.',
  errUnauthenticated: 'يرجى تسجيل الدخول مجددًا.',
  errPermission: 'غير مسموح لك بهذا الإجراء.',
  errPermissionStaffAuthorized: 'يستطيع المدير فقط القيام بذلك لهذه الدفعة.',
  errInvalid: 'يرجى مراجعة النموذج: {detail}',
  errInvalidOther: 'تعذر بدء الدفع بهذه البيانات. اضغط «عملية بيع جديدة» وحاول مجددًا.',
  errAlreadyExists: 'بدأت هذه العملية ببيانات مختلفة. اضغط «عملية بيع جديدة» وحاول مجددًا.',
  errOpenCheckout: 'لهذا الطلب رمز QR مفتوح بمبلغ آخر. ألغِه أولًا أو اضغط «عملية بيع جديدة».',
  errAlreadyPaid: 'تم دفع هذا الطلب بالفعل. اضغط «عملية بيع جديدة» للعميل التالي.',
  errPrecondition: 'لا يمكن تنفيذ ذلك لهذه الدفعة الآن.',
  errGatewayRefused: 'رفضت PointCheckout هذه الدفعة. تحقق من المبلغ أو اتصل بالمدير.',
  errNotFound: 'لم يتم العثور على هذه الدفعة.',
  errUnavailable: 'خدمة الدفع غير متاحة حاليًا. يرجى المحاولة بعد قليل.',
  errOther: 'حدث خطأ. يرجى المحاولة مجددًا؛ وإذا تكرر ذلك فاتصل بالمدير.',
  errWatch: 'توقفت التحديثات المباشرة. أعد تحميل الصفحة.',
};

const STATUS: Record<Lang, Record<CheckoutStatus, string>> = {
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

/** Texts another page of the site adds (the report page's own), looked up before the POS page's. */
const extra: Record<Lang, Record<string, string>> = { en: {}, ar: {} };

export function addTexts(en: Record<string, string>, ar: Record<string, string>): void {
  Object.assign(extra.en, en);
  Object.assign(extra.ar, ar);
}

function text(key: string): string {
  return extra[lang][key] ?? (lang === 'ar' ? AR : EN)[key as Key] ?? key;
}

function stored(): Lang | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'ar' || value === 'en' ? value : null;
  } catch {
    return null;
  }
}

let lang: Lang = stored() ?? (navigator.language.toLowerCase().startsWith('ar') ? 'ar' : 'en');

export function currentLang(): Lang {
  return lang;
}

/** BCP 47 locale for Intl: Arabic digits and separators follow the locale's own custom. */
export function locale(): string {
  return lang === 'ar' ? 'ar' : 'en';
}

export function t(key: Key, params: Record<string, string | number> = {}): string {
  return fill(text(key), params);
}

export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

export function statusText(status: CheckoutStatus): string {
  return STATUS[lang][status] ?? status;
}

/** Sets the language, remembers it, and re-labels every static text of the page. */
export function setLang(next: Lang): void {
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // private mode: the choice lasts for this page only
  }
  applyStatic();
}

export function applyStatic(): void {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
  document.title = text(document.documentElement.dataset.title ?? 'title');
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) element.textContent = text(element.dataset.i18n ?? '');
  for (const element of document.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) {
    element.placeholder = text(element.dataset.i18nPlaceholder ?? '');
  }
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    element.setAttribute('aria-label', text(element.dataset.i18nLabel ?? ''));
  }
  for (const element of document.querySelectorAll<HTMLImageElement>('img[data-i18n-alt]')) element.alt = text(element.dataset.i18nAlt ?? '');
}
