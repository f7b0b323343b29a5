/**
 * PointCheckout's "Test the Integration", end to end in a real browser (Debian's Chromium, headless):
 * sign in on the POS page, create a checkout, decode the QR from the page's image, open it as the customer's
 * phone, pay with the test card, see the confirmation, and see the POS page turn PAID without a reload.
 * Screenshots go to screenshots/ (git-ignored) for a person to look at.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'chai';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { getAuth } from 'firebase-admin/auth';
import { getApps } from 'firebase-admin/app';
import './harness';

const POS_URL = 'http://127.0.0.1:5000/';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = resolve(__dirname, '../../screenshots');

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true });
}

describe('POS page and hosted payment page in a browser', function () {
  this.timeout(60_000);
  let browser: Browser;
  let email: string;
  let managerEmail: string;
  const password = 'till-password-1';

  before(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
    mkdirSync(SHOTS, { recursive: true });
    const app = getApps()[0];
    email = `cashier-${Date.now()}@test.example.com`;
    const user = await getAuth(app).createUser({ email, password });
    await getAuth(app).setCustomUserClaims(user.uid, { role: 'staff' });
    managerEmail = `manager-${Date.now()}@test.example.com`;
    const manager = await getAuth(app).createUser({ email: managerEmail, password });
    await getAuth(app).setCustomUserClaims(manager.uid, { role: 'manager' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  after(async () => {
    await browser?.close();
  });

  async function signedInPos(as: 'staff' | 'manager' = 'staff'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(POS_URL);
    await page.getByLabel('Email').fill(as === 'staff' ? email : managerEmail);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#pos').waitFor({ state: 'visible' });
    return page;
  }

  async function createCheckout(pos: Page, amount: string): Promise<string> {
    await pos.getByLabel('Amount', { exact: true }).fill(amount);
    await pos.getByLabel('Currency').selectOption('AED');
    await pos.getByRole('button', { name: 'Create QR' }).click();
    await pos.locator('#status-banner[data-status="PENDING"]').waitFor();
    const src = await pos.locator('#qr').getAttribute('src');
    expect(src).to.match(/^data:image\/png;base64,/);
    const png = PNG.sync.read(Buffer.from((src ?? '').split(',')[1] ?? '', 'base64'));
    const url = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
    expect(url).to.match(/^http:\/\/127\.0\.0\.1:8089\/checkout\/[0-9a-f]{48}$/);
    expect(await pos.locator('#checkout-url').getAttribute('href')).to.equal(url);
    return url as string;
  }

  async function phone(url: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await page.goto(url);
    return page;
  }

  async function fillCard(page: Page, card: string): Promise<void> {
    await page.getByLabel('Card number').fill(card);
    await page.getByLabel('Expiry (MM/YY)').fill('12/25');
    await page.getByLabel('CVV').fill('100');
    await page.getByLabel('Name on card').fill('TEST USER');
    await page.getByLabel('I accept the Terms & Conditions').check();
  }

  it('takes a payment with the test card and turns PAID on the POS page without a reload', async () => {
    const pos = await signedInPos();
    const url = await createCheckout(pos, '25.00');
    expect(await pos.locator('#current-amount').textContent()).to.equal('25.00');
    await shot(pos, '1-pos-with-qr');

    const customer = await phone(url);
    expect(await customer.locator('body').textContent()).to.contain('25.00');
    await shot(customer, '2-payment-page');
    await fillCard(customer, '4242 4242 4242 4242');
    await customer.getByRole('button', { name: /^Pay/ }).click();
    await customer.getByRole('heading', { name: 'Payment successful' }).waitFor();
    expect(await customer.locator('body').textContent()).to.contain('4242');
    await shot(customer, '3-confirmation');

    await pos.locator('#status-banner[data-status="PAID"]').waitFor({ timeout: 15_000 });
    expect(await pos.locator('#status-banner').textContent()).to.contain('PAID');
    await pos.locator('#today tr .status-PAID').first().waitFor();
    // A cashier (staff) sees no manager actions on a paid checkout.
    expect(await pos.locator('#refund-box').isVisible()).to.equal(false);
    expect(await pos.locator('#cancel').isVisible()).to.equal(false);
    await shot(pos, '4-pos-paid');
    await customer.close();
    await pos.close();
  });

  it('a declined card ends FAILED on the POS page', async () => {
    const pos = await signedInPos();
    const url = await createCheckout(pos, '12.00');
    const customer = await phone(url);
    await fillCard(customer, '4000 0000 0000 0002');
    await customer.getByRole('button', { name: /^Pay/ }).click();
    await customer.getByRole('heading', { name: 'Payment declined' }).waitFor();
    await pos.locator('#status-banner[data-status="FAILED"]').waitFor({ timeout: 15_000 });
    await shot(pos, '5-pos-failed');
    await customer.close();
    await pos.close();
  });

  it('Cancel on the payment page ends CANCELLED on the POS page', async () => {
    const pos = await signedInPos();
    const url = await createCheckout(pos, '8.00');
    const customer = await phone(url);
    await customer.getByRole('button', { name: 'Cancel' }).click();
    await customer.getByRole('heading', { name: 'Payment cancelled' }).waitFor();
    await pos.locator('#status-banner[data-status="CANCELLED"]').waitFor({ timeout: 15_000 });
    await customer.close();
    await pos.close();
  });

  it('lets a manager refund part of a paid checkout, then the rest', async () => {
    const pos = await signedInPos('manager');
    const url = await createCheckout(pos, '40.00');
    const customer = await phone(url);
    await fillCard(customer, '4242424242424242');
    await customer.getByRole('button', { name: /^Pay/ }).click();
    await pos.locator('#status-banner[data-status="PAID"]').waitFor({ timeout: 15_000 });
    await pos.getByLabel('Refund amount').fill('15.00');
    await pos.getByRole('button', { name: 'Refund' }).click();
    await pos.locator('#status-banner[data-status="PARTIALLY_REFUNDED"]').waitFor({ timeout: 15_000 });
    await pos.getByLabel('Refund amount').fill('');
    await pos.getByRole('button', { name: 'Refund' }).click();
    await pos.locator('#status-banner[data-status="REFUNDED"]').waitFor({ timeout: 15_000 });
    expect(await pos.locator('#countdown').textContent()).to.contain('refunded 40.00 AED');
    await shot(pos, '6-pos-refunded');
    await customer.close();
    await pos.close();
  });

  it('shows callable errors as sentences a cashier understands', async () => {
    const pos = await signedInPos();
    await pos.getByLabel('Amount', { exact: true }).fill('1.005');
    await pos.getByRole('button', { name: 'Create QR' }).click();
    await pos.locator('#error').waitFor({ state: 'visible' });
    expect(await pos.locator('#error').textContent()).to.match(/^Please check the form: amount: has more than 2 decimals/);
    await pos.close();
  });
});
