/**
 * Shared by the browser tests: Chromium (Debian's, headless), users, the POS page signed in, the QR decoded
 * from the page's own image, the customer's phone, screenshots in screenshots/ (git-ignored).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'chai';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { getAuth } from 'firebase-admin/auth';
import { getApps } from 'firebase-admin/app';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb } from './harness';
import { WAIT_MS } from '../support/wait';

export const POS_URL = 'http://127.0.0.1:5000/';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = resolve(__dirname, '../../screenshots');
export const PASSWORD = 'till-password-1';
export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1200, height: 900 } as const;

/** December three years on: a test card expiry that is always in the future. */
export const CARD_EXPIRY = `12/${String((new Date().getUTCFullYear() + 3) % 100).padStart(2, '0')}`;

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true });
}

/**
 * Every page's waits (locator.waitFor, goto, clicks) ask until the shared deadline (test/support/wait.ts), not
 * Playwright's 30 s default: a page on a loaded machine can take long to show a webhook's effect.
 */
export function generousWaits(target: Page | BrowserContext): void {
  target.setDefaultTimeout(WAIT_MS);
  target.setDefaultNavigationTimeout(WAIT_MS);
}

/** A fresh context whose pages wait by the shared deadline. */
export async function newContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  generousWaits(context);
  return context;
}

/** A page in its own context (closed with it) that waits by the shared deadline. */
export async function newPage(browser: Browser, options: Parameters<Browser['newPage']>[0] = {}): Promise<Page> {
  const page = await browser.newPage(options);
  generousWaits(page);
  return page;
}

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A user with this role (and `branches` claim, if given); returns the email (password PASSWORD). */
export async function createUser(kind: 'staff' | 'manager' | 'owner', branches?: string[]): Promise<string> {
  const app = getApps()[0];
  const email = `${kind}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@test.example.com`;
  const user = await getAuth(app).createUser({ email, password: PASSWORD });
  await getAuth(app).setCustomUserClaims(user.uid, { role: kind, ...(branches ? { branches } : {}) });
  return email;
}

/** A fresh branch (the document upsertBranch writes), so a test's figures are its own; returns its id. */
export async function createBranch(name: string): Promise<string> {
  const id = `b${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  await adminDb.collection('branches').doc(id).set({ name, pointcheckoutBranchId: null, account: 'default', updatedAt: Timestamp.now() });
  return id;
}

/** No sideways scrolling at this width. */
export async function expectNoSideScroll(page: Page, width: number): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, 'no horizontal scrolling').to.be.at.most(width);
}

/** Pays the checkout at this QR's payment page with the test card, as the customer's phone. */
export async function payAtSimulator(browser: Browser, url: string): Promise<void> {
  const customer = await phone(browser, url);
  await fillCard(customer, '4242 4242 4242 4242');
  await customer.locator('button.pay').click();
  await customer.getByRole('heading', { name: 'Payment successful' }).waitFor();
  await customer.close();
}

export interface PosOptions {
  viewport?: { width: number; height: number };
  lang?: 'en' | 'ar';
  /** Install Playwright's fake clock before the page loads (for the token-refresh test). */
  clock?: boolean;
}

/** A fresh browser context (own storage) with the POS page signed in as `email`. */
export async function signedInPos(browser: Browser, email: string, options: PosOptions = {}): Promise<Page> {
  const viewport = options.viewport ?? DESKTOP;
  const context: BrowserContext = await newContext(browser, {
    viewport,
    isMobile: viewport.width < 500,
    hasTouch: viewport.width < 500,
    locale: 'en-US',
  });
  await offlineOnly(context);
  if (options.lang) await context.addInitScript((lang) => localStorage.setItem('pos.lang', lang), options.lang);
  const page = await context.newPage();
  if (options.clock) await page.clock.install();
  await page.goto(POS_URL);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('#sign-in-form button[type=submit]').click();
  try {
    await page.locator('#pos').waitFor({ state: 'visible' });
  } catch (error) {
    // Say what the page shows instead: an error box, or a sign-in form that lost what was typed.
    const state = await page.evaluate(() => ({
      error: document.getElementById('error')?.textContent ?? '',
      email: (document.getElementById('email') as HTMLInputElement | null)?.value ?? '',
      passwordLength: (document.getElementById('password') as HTMLInputElement | null)?.value.length ?? 0,
    }));
    throw new Error(`not signed in: ${JSON.stringify(state)}; ${(error as Error).message.split('\n')[0]}`);
  }
  // The role is read once signed in; it shows in the header from 760 px and in the signed-in line on a phone.
  await page.locator('#who-role:not(:empty)').waitFor({ state: 'attached' });
  return page;
}

/**
 * Everything the pages need is on 127.0.0.1: anything else is refused at once, as in CI's network namespace.
 * Without this, a machine with a network but no internet lets an outside request hang, and a page with a
 * fake clock never times it out.
 */
export async function offlineOnly(context: BrowserContext): Promise<void> {
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (route) => route.abort('internetdisconnected'));
}

export async function decodeQr(pos: Page): Promise<string> {
  const src = await pos.locator('#qr').getAttribute('src');
  expect(src).to.match(/^data:image\/png;base64,/);
  const png = PNG.sync.read(Buffer.from((src ?? '').split(',')[1] ?? '', 'base64'));
  const url = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
  expect(url).to.match(/^http:\/\/127\.0\.0\.1:8089\/checkout\/[0-9a-f]{48}$/);
  return url as string;
}

/** Types the amount, presses Create QR, waits for the live PENDING status; returns the QR's URL. */
export async function createCheckout(pos: Page, amount: string, currency = 'AED'): Promise<string> {
  await pos.locator('#amount').fill(amount);
  await pos.locator('#currency').selectOption(currency);
  await pos.locator('#create').click();
  await pos.locator('#status-banner[data-status="PENDING"]').waitFor();
  const url = await decodeQr(pos);
  expect(await pos.locator('#checkout-url').getAttribute('href')).to.equal(url);
  return url;
}

export async function phone(browser: Browser, url: string): Promise<Page> {
  const page = await newPage(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
  await page.goto(url);
  return page;
}

/** The payment page's form, by element id so it works in either language. */
export async function fillCard(page: Page, card: string): Promise<void> {
  await page.locator('#cardNumber').fill(card);
  await page.locator('#expiry').fill(CARD_EXPIRY);
  await page.locator('#cvv').fill('100');
  await page.locator('#cardName').fill('TEST USER');
  await page.locator('#terms').check();
}

/** Confirms the page's dialog after checking it names `mustMention`; returns the question asked. */
export async function confirmDialog(page: Page, mustMention: string): Promise<string> {
  await page.locator('#confirm[open]').waitFor();
  const question = (await page.locator('#confirm-text').textContent()) ?? '';
  expect(question).to.contain(mustMention);
  await page.locator('#confirm-yes').click();
  await page.locator('#confirm[open]').waitFor({ state: 'detached' });
  return question;
}
