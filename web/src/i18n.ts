/**
 * The POS page's texts in English and Arabic. Static texts are marked in index.html with `data-i18n`
 * (text), `data-i18n-placeholder` and `data-i18n-label` (aria-label); dynamic ones use `t()`.
 * The choice is remembered in localStorage; Arabic turns the page right-to-left.
 */
import type { CheckoutStatus } from '../../functions/src/domain/status';
import { AR, EN, STATUS, type Key, type Lang } from './i18n-texts';

export type { Key, Lang };
const STORAGE_KEY = 'pos.lang';

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

let lang: Lang = stored() ?? ((globalThis.navigator?.language ?? 'en').toLowerCase().startsWith('ar') ? 'ar' : 'en');

export function currentLang(): Lang {
  return lang;
}

/** BCP 47 locale for Intl: Arabic digits and separators follow the locale's own custom. */
export function locale(): string {
  return lang === 'ar' ? 'ar' : 'en';
}

/**
 * A text with its parameters filled in. In Arabic every parameter (order ids, amounts, names) is isolated
 * (FSI…PDI), so a Latin id or a number never reorders the sentence around it or takes its punctuation.
 */
export function t(key: Key, params: Record<string, string | number> = {}): string {
  if (lang !== 'ar') return fill(text(key), params);
  const isolated = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, `\u2068${value}\u2069`]));
  return fill(text(key), isolated);
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
