/**
 * The POS page as a driver uses it, on a 390×844 phone, in English and Arabic: one sale is one checkout
 * (a second Create shows it again), the open QR survives a reload and the hourly ID-token refresh, nothing
 * overflows the screen, and a paid checkout end to end in Arabic (POS page and payment page, right to left).
 */
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createCheckout, createUser, decodeQr, fillCard, launch, newPage, PHONE, shot, signedInPos } from './browser-support';
import { SIMULATOR_URL } from './harness';
import { testTimeout } from '../support/wait';

/** Layout facts of the page as the phone shows it. */
async function layout(page: Page) {
  // No named functions inside: the page runs this code as it is, without the test runner's helpers.
  return page.evaluate(() => {
    const [signOut, qr] = ['sign-out', 'qr'].map((id) => document.getElementById(id)?.getBoundingClientRect().toJSON() as DOMRect | undefined);
    return {
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      signOut,
      qr,
      scrollY: window.scrollY,
    };
  });
}

/** The `language` our backend sent in PointCheckout's create request for the order (recorded by the simulator). */
async function createRequestLanguage(orderId: string): Promise<unknown> {
  const { exchanges } = (await (await fetch(`${SIMULATOR_URL}/_sim/exchanges`)).json()) as {
    exchanges: { method: string; path: string; requestBody: Record<string, unknown> | null }[];
  };
  const create = exchanges.find((e) => e.method === 'POST' && e.path.endsWith('/checkout/qr') && e.requestBody?.orderId === orderId);
  expect(create, `create request for ${orderId}`).to.not.equal(undefined);
  return create?.requestBody?.language;
}

async function expectFitsPhone(page: Page): Promise<void> {
  const facts = await layout(page);
  expect(facts.scrollWidth, 'no horizontal scrolling').to.be.at.most(PHONE.width);
  expect(facts.signOut, 'Sign out on screen').to.not.equal(undefined);
  expect(facts.signOut!.left).to.be.at.least(0);
  expect(facts.signOut!.right).to.be.at.most(PHONE.width);
  expect(facts.signOut!.bottom).to.be.at.most(PHONE.height);
  expect(await page.locator('#sign-out').isVisible()).to.equal(true);
}

describe('POS page on a phone, in English and Arabic', function () {
  this.timeout(testTimeout(90_000));
  let browser: Browser;
  let staff: string;

  before(async () => {
    staff = await createUser('staff');
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('fits a 390×844 phone: no horizontal scroll, Sign out visible, the whole QR above the fold', async () => {
    const pos = await signedInPos(browser, staff, { viewport: PHONE });
    await expectFitsPhone(pos);
    await shot(pos, 'phone-en-new-sale');
    await createCheckout(pos, '18.75');
    await expectFitsPhone(pos);
    const { qr, scrollY } = await layout(pos);
    expect(scrollY).to.equal(0);
    expect(qr!.top).to.be.at.least(0);
    expect(qr!.bottom, 'QR fully visible without scrolling').to.be.at.most(PHONE.height);
    expect(qr!.width).to.be.at.least(200);
    await shot(pos, 'phone-en-qr');
    await pos.context().close();
  });

  it('a second Create QR for the same sale shows the same checkout instead of making another', async () => {
    const pos = await signedInPos(browser, staff, { viewport: PHONE });
    const url = await createCheckout(pos, '31.00');
    const orderId = (await pos.locator('#current-order').textContent()) ?? '';
    expect(orderId).to.match(/^ORD-\d{4}-\d{4}-\d{4}$/);
    // The sale is locked to its checkout; pressing Create again (or twice) changes nothing.
    expect(await pos.locator('#amount').getAttribute('readonly')).to.equal('');
    await pos.locator('#create').click();
    await pos.locator('#create').click();
    await pos.locator('#notice:has-text("already has a QR")').waitFor();
    expect(await decodeQr(pos)).to.equal(url);
    expect(await pos.locator('#order-id').inputValue()).to.equal(orderId);
    await pos.locator(`#today tr:has-text("${orderId}")`).first().waitFor();
    expect(await pos.locator(`#today tr:has-text("${orderId}")`).count()).to.equal(1);
    await shot(pos, 'phone-en-second-create');

    // New sale with a QR still open asks first, then cancels it and starts a fresh order.
    await pos.locator('#new-sale').click();
    await pos.locator('#confirm[open]').waitFor();
    expect(await pos.locator('#confirm-text').textContent()).to.contain('AED 31.00');
    await pos.locator('#confirm-yes').click();
    await pos.locator('#current').waitFor({ state: 'hidden' });
    expect(await pos.locator('#order-id').inputValue()).not.to.equal(orderId);
    expect(await pos.locator('#amount').inputValue()).to.equal('');
    await pos.locator(`#today tr:has-text("${orderId}") [data-status="CANCELLED"]`).waitFor();
    await pos.context().close();
  });

  it('keeps the open QR through a page reload', async () => {
    const pos = await signedInPos(browser, staff, { viewport: PHONE });
    const url = await createCheckout(pos, '44.10');
    const orderId = await pos.locator('#current-order').textContent();
    await pos.reload();
    await pos.locator('#status-banner[data-status="PENDING"]').waitFor();
    expect(await decodeQr(pos)).to.equal(url);
    expect(await pos.locator('#current-order').textContent()).to.equal(orderId);
    expect(await pos.locator('#amount').inputValue()).to.equal('44.10');
    expect(await pos.locator('#qr').isVisible()).to.equal(true);
    await shot(pos, 'phone-en-after-reload');
    await pos.context().close();
  });

  it('keeps the open QR through the hourly ID-token refresh (fake clock, 58 minutes on)', async () => {
    const pos = await signedInPos(browser, staff, { viewport: PHONE, clock: true });
    const url = await createCheckout(pos, '5.25');
    const refreshed = pos.waitForRequest((request) => request.url().includes('securetoken.googleapis.com/v1/token'));
    await pos.clock.fastForward('58:00');
    await refreshed;
    // Give the page the chance to react to the new token (role re-read), then look again.
    await pos.waitForFunction(() => document.getElementById('who-role')?.textContent === 'staff');
    await pos.clock.runFor(2000);
    expect(await pos.locator('#status-banner').getAttribute('data-status')).to.equal('PENDING');
    expect(await pos.locator('#qr').isVisible()).to.equal(true);
    expect(await decodeQr(pos)).to.equal(url);
    await shot(pos, 'phone-en-after-token-refresh');
    await pos.context().close();
  });

  it('clears the amount on sign-out, and the next cashier does not see the previous sale', async () => {
    const pos = await signedInPos(browser, staff, { viewport: PHONE });
    await pos.locator('#amount').fill('77.00');
    await pos.locator('#sign-out').click();
    await pos.locator('#sign-in').waitFor();
    expect(await pos.locator('#amount').inputValue()).to.equal('');
    expect(await pos.evaluate(() => document.activeElement?.id)).to.equal('email');
    await pos.context().close();
  });

  it('takes a payment end to end in Arabic: POS page and payment page right to left, amount and status translated', async () => {
    const pos = await signedInPos(browser, staff, { viewport: PHONE });
    await pos.locator('#lang-switch').click();
    expect(await pos.locator('html').getAttribute('dir')).to.equal('rtl');
    expect(await pos.locator('html').getAttribute('lang')).to.equal('ar');
    expect(await pos.locator('#create').textContent()).to.equal('إنشاء رمز QR');
    await expectFitsPhone(pos);
    await shot(pos, 'phone-ar-new-sale');

    const url = await createCheckout(pos, '٢٥٫٥');
    expect(await pos.locator('#status-banner').textContent()).to.equal('بانتظار الدفع');
    const amount = (await pos.locator('#current-amount').textContent()) ?? '';
    expect(amount).to.contain('د.إ.');
    expect(amount).to.match(/25[.٫]50|٢٥٫٥٠/);
    expect(await pos.locator('#current-title').textContent()).to.equal('امسح للدفع');
    await expectFitsPhone(pos);
    await shot(pos, 'phone-ar-qr');

    // The POS asked for Arabic; when the backend passes `language` on to PointCheckout, the payment page
    // opens in Arabic by itself, otherwise the customer picks it with the page's switch.
    const orderId = (await pos.locator('#current-order').textContent()) ?? '';
    const sentToGateway = await createRequestLanguage(orderId);
    const customer = await newPage(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
    await customer.goto(url);
    if (sentToGateway === undefined) {
      expect(await customer.locator('html').getAttribute('dir')).to.equal('ltr');
      await customer.locator('#lang-switch').click();
      await customer.locator('html[dir=rtl]').waitFor();
    } else {
      // The 2026-03 spec writes ISO 639-1 codes in upper case (`AR`).
      expect(String(sentToGateway).toLowerCase()).to.equal('ar');
    }
    expect(await customer.locator('html').getAttribute('dir')).to.equal('rtl');
    expect(await customer.locator('label[for=cardNumber]').textContent()).to.equal('رقم البطاقة');
    expect(await customer.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
    await shot(customer, 'phone-ar-payment-page');
    await fillCard(customer, '4242 4242 4242 4242');
    await customer.locator('button.pay').click();
    await customer.getByRole('heading', { name: 'تم الدفع بنجاح' }).waitFor();
    await shot(customer, 'phone-ar-confirmation');

    await pos.locator('#status-banner[data-status="PAID"]').waitFor();
    expect(await pos.locator('#status-banner').textContent()).to.equal('مدفوع ✓');
    expect(await pos.locator('#current-title').textContent()).to.equal('الدفعة');
    await pos.locator('#today [data-status="PAID"]:has-text("مدفوع")').first().waitFor();
    await expectFitsPhone(pos);
    await shot(pos, 'phone-ar-paid');

    // The choice is remembered across a reload.
    await pos.reload();
    await pos.locator('#pos').waitFor({ state: 'visible' });
    expect(await pos.locator('html').getAttribute('dir')).to.equal('rtl');
    await customer.close();
    await pos.context().close();
  });
});
