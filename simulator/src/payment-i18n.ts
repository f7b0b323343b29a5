/**
 * Texts of the hosted payment page in English and Arabic, and money formatting per locale.
 * PointCheckout serves the GCC, so the page follows the checkout's `language` (create request), and a
 * customer may switch; Arabic is right-to-left with Arabic-Indic digits, as customary in Arabic text.
 */

export const LANGS = ['en', 'ar'] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'ar';
}

const EN = {
  payTitle: 'Pay with card',
  order: 'Order',
  reference: 'Reference',
  description: 'Description',
  fixOne: 'Please correct the field below.',
  fixMany: 'Please correct {n} fields below.',
  cardNumber: 'Card number',
  expiry: 'Expiry (MM/YY)',
  cvv: 'CVV',
  cardName: 'Name on card',
  acceptPrefix: 'I accept the ',
  terms: 'Terms & Conditions',
  pay: 'Pay {amount}',
  cancel: 'Cancel',
  hint: 'Simulator: card 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined; any future expiry.',
  switchTo: 'العربية',
  paid: 'Payment successful',
  declined: 'Payment declined',
  cancelled: 'Payment cancelled',
  closed: 'Checkout closed',
  paidText: 'Thank you. Your payment was received.',
  paidFromCard: 'Thank you. Your payment was received from card {card}.',
  declinedText: 'Your card was declined. No money was taken.',
  declinedCard: 'Your card {card} was declined. No money was taken.',
  cancelledText: 'You cancelled the payment. No money was taken.',
  closedPAID: 'This checkout has already been paid.',
  closedFAILED: 'The payment for this checkout failed. Please ask the merchant for a new code.',
  closedCANCELLED: 'This checkout was cancelled.',
  closedEXPIRED: 'This checkout has expired. Please ask the merchant for a new code.',
  closedREFUNDED: 'This checkout was paid and has been refunded.',
  closedPARTIALLY_REFUNDED: 'This checkout was paid and has been partly refunded.',
  closedOther: 'This checkout is {status}.',
  notFound: 'Checkout not found',
  notFoundText: 'This payment link is not valid.',
  termsTitle: 'Terms & Conditions',
  termsText:
    'This is the PointCheckout simulator: no real money moves and no card data is stored. Only the test cards are accepted.',
  back: 'Back to the payment',
  errCardMissing: 'Enter the card number.',
  errCardInvalid: 'Enter a valid card number.',
  errCardNotAccepted: 'This card is not accepted here: use 4242 4242 4242 4242 or 4000 0000 0000 0002.',
  errExpiryFormat: 'Enter the expiry date as MM/YY.',
  errExpiryPast: 'This card has expired: check the expiry date.',
  errCvv: 'Enter the 3-digit CVV.',
  errNameMissing: 'Enter the name on the card.',
  errNameLong: 'The name on the card is too long.',
  errTerms: 'Accept the Terms & Conditions to pay.',
  errTooLarge: 'The form was too large.',
};

export type TextKey = keyof typeof EN;

const AR: Record<TextKey, string> = {
  payTitle: 'الدفع بالبطاقة',
  order: 'الطلب',
  reference: 'المرجع',
  description: 'الوصف',
  fixOne: 'يرجى تصحيح الحقل أدناه.',
  fixMany: 'يرجى تصحيح {n} حقول أدناه.',
  cardNumber: 'رقم البطاقة',
  expiry: 'تاريخ الانتهاء (MM/YY)',
  cvv: 'رمز التحقق CVV',
  cardName: 'الاسم على البطاقة',
  acceptPrefix: 'أوافق على ',
  terms: 'الشروط والأحكام',
  pay: 'ادفع {amount}',
  cancel: 'إلغاء',
  hint: 'المحاكي: البطاقة 4242 4242 4242 4242 تدفع، و4000 0000 0000 0002 تُرفض؛ أي تاريخ انتهاء مستقبلي.',
  switchTo: 'English',
  paid: 'تم الدفع بنجاح',
  declined: 'تم رفض الدفع',
  cancelled: 'تم إلغاء الدفع',
  closed: 'عملية الدفع مغلقة',
  paidText: 'شكرًا لك. تم استلام دفعتك.',
  paidFromCard: 'شكرًا لك. تم استلام دفعتك من البطاقة {card}.',
  declinedText: 'تم رفض بطاقتك. لم يُخصم أي مبلغ.',
  declinedCard: 'تم رفض بطاقتك {card}. لم يُخصم أي مبلغ.',
  cancelledText: 'لقد ألغيت الدفع. لم يُخصم أي مبلغ.',
  closedPAID: 'تم دفع هذا الطلب مسبقًا.',
  closedFAILED: 'فشل الدفع لهذا الطلب. يرجى طلب رمز جديد من التاجر.',
  closedCANCELLED: 'تم إلغاء عملية الدفع هذه.',
  closedEXPIRED: 'انتهت صلاحية عملية الدفع هذه. يرجى طلب رمز جديد من التاجر.',
  closedREFUNDED: 'تم دفع هذا الطلب ثم استرداد المبلغ.',
  closedPARTIALLY_REFUNDED: 'تم دفع هذا الطلب واسترداد جزء من المبلغ.',
  closedOther: 'حالة عملية الدفع: {status}.',
  notFound: 'عملية الدفع غير موجودة',
  notFoundText: 'رابط الدفع هذا غير صالح.',
  termsTitle: 'الشروط والأحكام',
  termsText: 'هذا محاكي PointCheckout: لا تنتقل أي أموال حقيقية ولا تُحفظ بيانات البطاقات. تُقبل بطاقات الاختبار فقط.',
  back: 'العودة إلى الدفع',
  errCardMissing: 'أدخل رقم البطاقة.',
  errCardInvalid: 'أدخل رقم بطاقة صحيحًا.',
  errCardNotAccepted: 'هذه البطاقة غير مقبولة هنا: استخدم 4242 4242 4242 4242 أو 4000 0000 0000 0002.',
  errExpiryFormat: 'أدخل تاريخ الانتهاء بالشكل MM/YY.',
  errExpiryPast: 'انتهت صلاحية هذه البطاقة: تحقق من تاريخ الانتهاء.',
  errCvv: 'أدخل رمز التحقق المكوّن من 3 أرقام.',
  errNameMissing: 'أدخل الاسم على البطاقة.',
  errNameLong: 'الاسم على البطاقة طويل جدًا.',
  errTerms: 'وافق على الشروط والأحكام للدفع.',
  errTooLarge: 'النموذج كبير جدًا.',
};

/** The text for `key`, with `{name}` placeholders filled (values are inserted as given: escape after). */
export function text(lang: Lang, key: TextKey, params: Record<string, string | number> = {}): string {
  const template = (lang === 'ar' ? AR : EN)[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** Currencies with three minor digits (ISO 4217). */
const THREE_DECIMALS = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

/**
 * `AED 12.50` / `‏١٢٫٥٠ د.إ.‏`: Intl.NumberFormat with the currency's own decimals (3 for BHD, KWD, OMR,
 * JOD). Amounts are integer thousandths; a 2-decimal currency shows a third digit only if one is there.
 * Non-breaking spaces become plain ones so the text wraps and reads the same in tests.
 */
export function formatAmount(amountMinor: number, currency: string, lang: Lang = 'en'): string {
  const digits = THREE_DECIMALS.has(currency) || amountMinor % 10 !== 0 ? 3 : 2;
  let formatter: Intl.NumberFormat;
  try {
    formatter = new Intl.NumberFormat(lang === 'ar' ? 'ar' : 'en', {
      style: 'currency',
      currency,
      currencyDisplay: lang === 'ar' ? 'symbol' : 'code',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  } catch {
    return `${currency} ${(amountMinor / 1000).toFixed(digits)}`;
  }
  // Whole thousandths divided once: exact for every amount the API accepts (at most 10^10 thousandths).
  return formatter.format(amountMinor / 1000).replace(/\u00a0/g, ' ');
}
