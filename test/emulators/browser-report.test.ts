/**
 * Branches on the POS page and the manager's end of day, in a real browser: a manager of a fresh branch takes
 * payments (paid at the simulator, one refund, one left open), opens report.html and sees the right totals
 * and hourly chart, compares with PointCheckout (all matching) and downloads both CSVs, on a 390×844 phone in
 * English and Arabic and on a desktop; a staff member scoped to a branch sees its name and their own list.
 */
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import {
  confirmDialog,
  createBranch,
  createCheckout,
  createUser,
  DESKTOP,
  expectNoSideScroll,
  launch,
  payAtSimulator,
  PHONE,
  POS_URL,
  shot,
  signedInPos,
} from './browser-support';
import { adminDb, clearOfMidnight } from './harness';
import { testTimeout, WAIT_MS } from '../support/wait';

// The stack's default account is PointCheckout's test environment: its money shows under the page's TEST switch.
const REPORT_URL = `${POS_URL}report.html?mode=test`;
/** Between two reloads of the report while it catches up: each reload is a whole page load. */
const REPORT_POLL_MS = 500;

/** Opens the report and waits until the day's aggregates show what the test did (they follow each change). */
async function openReport(page: Page, expectedNet: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    await page.goto(REPORT_URL);
    await page.locator('#report').waitFor({ state: 'visible' });
    const net = await page.locator('#by-currency tr[data-key="AED"] td').nth(4).textContent().catch(() => null);
    if (net === expectedNet) return;
    if (Date.now() > deadline) throw new Error(`the report's AED net is ${net}, expected ${expectedNet}`);
    // The aggregates are written right after each status change; reload and look again (a poll, not a sleep).
    await page.waitForTimeout(REPORT_POLL_MS);
  }
}

/** The order on the POS's current QR, and its checkout document as stored. */
async function shownCheckout(page: Page): Promise<{ orderId: string; stored: Record<string, unknown> | undefined }> {
  const orderId = (await page.locator('#current-order').textContent()) ?? '';
  const stored = (await adminDb.collection('checkouts').where('orderId', '==', orderId).get()).docs[0]?.data();
  return { orderId, stored };
}

async function downloadCsv(page: Page, button: string): Promise<string[][]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
  const text = await readFile((await download.path()) ?? '', 'utf8');
  return text.trim().split('\n').map((line) => line.split(','));
}

describe('Branches on the POS page and the end-of-day report in a browser', function () {
  this.timeout(testTimeout(180_000));
  let browser: Browser;

  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('a manager takes payments, then sees the totals, the hourly chart, the comparison and the CSVs', async () => {
    await clearOfMidnight(); // the payments and both views of "today's" report fall on one day
    const branch = await createBranch('Report Branch');
    const manager = await createUser('manager', [branch]);
    const pos = await signedInPos(browser, manager, { viewport: DESKTOP });
    await pos.locator('#who-branch:has-text("Report Branch")').waitFor();
    expect(await pos.locator('#report-link').isVisible()).to.equal(true);

    const first = await createCheckout(pos, '25.00');
    const firstOrder = (await pos.locator('#current-order').textContent()) ?? '';
    await payAtSimulator(browser, first);
    await pos.locator('#status-banner[data-status="PAID"]').waitFor();
    const second = await createCheckout(pos, '10.50');
    await payAtSimulator(browser, second);
    await pos.locator('#status-banner[data-status="PAID"]').waitFor();
    await createCheckout(pos, '5.00'); // left open

    // Refund 4.00 of the first, from today's list (the scoped manager's query filters by branch).
    await pos.locator(`#today tr:has-text("${firstOrder}")`).click();
    await pos.locator('#refund-box').waitFor();
    await pos.locator('#refund-amount').fill('4.00');
    await pos.locator('#refund').click();
    await confirmDialog(pos, 'AED 4.00');
    await pos.locator('#status-banner[data-status="PARTIALLY_REFUNDED"]').waitFor();
    expect(await pos.locator('#today tr').count()).to.equal(3);

    await openReport(pos, 'AED 31.50');
    expect(await pos.locator('#n-checkouts').textContent()).to.equal('3');
    expect(await pos.locator('#n-open').textContent()).to.equal('1');
    expect(await pos.locator('#n-expired').textContent()).to.equal('0');
    expect(await pos.locator('#test-banner').isVisible(), 'test money is labelled TEST').to.equal(true);
    expect(await pos.locator('#mode').inputValue()).to.equal('test');
    const aed = await pos.locator('#by-currency tr[data-key="AED"] td').allTextContents();
    expect(aed).to.deep.equal(['AED', '3', 'AED 35.50', 'AED 4.00', 'AED 31.50']);
    expect(await pos.locator('#by-status tr[data-key="PAID"] td').allTextContents()).to.deep.equal(['PAID ✓', '1', 'AED 10.50']);
    expect(await pos.locator('#by-status tr[data-key="PARTIALLY_REFUNDED"] td').allTextContents()).to.deep.equal(['Partly refunded', '1', 'AED 25.00']);
    expect(await pos.locator('#by-status tr[data-key="PENDING"] td').allTextContents()).to.deep.equal(['Waiting for payment', '1', 'AED 5.00']);
    expect(await pos.locator('#refunds tr[data-key="AED"] td').allTextContents()).to.deep.equal(['AED', '1', 'AED 4.00']);
    const cashier = await pos.locator('#by-cashier tr td').allTextContents();
    expect(cashier).to.deep.equal([`${manager} (you)`, '3', 'AED 35.50']);

    // The chart: the day's paid AED, in the hour(s) of the report's time zone the payments were made in.
    const zone = (await pos.locator('#chart').getAttribute('data-time-zone')) ?? '';
    const hourNow = Number(new Intl.DateTimeFormat('en', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' }).format(new Date()));
    const bars = await pos.locator('#chart rect.bar').evaluateAll((rects) => rects.map((r) => [Number(r.getAttribute('data-hour')), Number(r.getAttribute('data-minor'))]));
    expect(bars.reduce((sum, [, minor]) => sum + (minor ?? 0), 0)).to.equal(3550);
    expect(bars.map(([hour]) => hour)).to.include(hourNow);

    await pos.locator('#compare').click();
    await pos.locator('#reconciliation-line[data-matching]').waitFor();
    expect(await pos.locator('#reconciliation-line').getAttribute('data-compared')).to.equal('3');
    expect(await pos.locator('#reconciliation-line').getAttribute('data-matching')).to.equal('3');
    expect(await pos.locator('#reconciliation-line').textContent()).to.contain('All matching');
    expect(await pos.locator('#differences li').count()).to.equal(0);

    const checkouts = await downloadCsv(pos, '#csv-checkouts');
    const header = checkouts[0] ?? [];
    expect(header.slice(0, 4)).to.deep.equal(['checkoutId', 'gatewayId', 'orderId', 'branchId']);
    const col = (name: string) => header.indexOf(name);
    const rows = checkouts.slice(1);
    expect(rows).to.have.length(3);
    expect(rows.every((r) => r[col('branchId')] === branch)).to.equal(true);
    expect(rows.map((r) => `${r[col('amount')]} ${r[col('status')]} ${r[col('totalRefunded')]}`).sort()).to.deep.equal(
      ['10.50 PAID 0.00', '25.00 PARTIALLY_REFUNDED 4.00', '5.00 PENDING 0.00'],
    );
    const refunds = await downloadCsv(pos, '#csv-refunds');
    expect(refunds).to.have.length(2);
    const refundHeader = refunds[0] ?? [];
    expect(refunds[1]?.[refundHeader.indexOf('amount')]).to.equal('4.00');
    expect(refunds[1]?.[refundHeader.indexOf('orderId')]).to.equal(firstOrder);
    await pos.locator('#notice:has-text("Saved refunds-")').waitFor();
    await shot(pos, 'report-desktop-en');
    await pos.context().close();

    // The same report on a phone, in English and then Arabic: nothing wider than the screen.
    const onPhone = await signedInPos(browser, manager, { viewport: PHONE });
    await onPhone.goto(REPORT_URL);
    await onPhone.locator('#n-checkouts:has-text("3")').waitFor();
    await expectNoSideScroll(onPhone, PHONE.width);
    await shot(onPhone, 'report-phone-en');
    await onPhone.locator('#lang-switch').click();
    await onPhone.locator('html[dir="rtl"]').waitFor();
    expect(await onPhone.locator('#compare').textContent()).to.equal('مقارنة مع PointCheckout');
    // Re-rendered in Arabic (the locale decides between 3 and ٣).
    await onPhone.locator('#chart-title:has-text("الدفعات حسب الساعة")').waitFor();
    expect(await onPhone.locator('#n-checkouts').textContent()).to.match(/^[3٣]$/);
    expect(await onPhone.locator('#by-currency tr[data-key="AED"] td').nth(4).textContent()).to.contain('د.إ.');
    await onPhone.locator('#compare').click();
    await onPhone.locator('#reconciliation-line[data-matching="3"]').waitFor();
    expect(await onPhone.locator('#reconciliation-line').textContent()).to.contain('كلها متطابقة');
    await expectNoSideScroll(onPhone, PHONE.width);
    await shot(onPhone, 'report-phone-ar');
    await onPhone.context().close();
  });

  it('a staff member of one branch sees its name and their list; one of two branches picks the branch', async () => {
    const marina = await createBranch('Marina Mall');
    const staff = await createUser('staff', [marina]);
    const pos = await signedInPos(browser, staff, { viewport: PHONE });
    await pos.locator('#who-branch:has-text("Marina Mall")').waitFor();
    expect(await pos.locator('#branch-row').isVisible()).to.equal(false);
    expect(await pos.locator('#report-link').isVisible()).to.equal(false);
    await pos.locator('.till summary').click();
    await pos.locator('#device').fill('Till 7');
    await createCheckout(pos, '12.00');
    const { orderId, stored } = await shownCheckout(pos);
    await pos.locator(`#today tr:has-text("${orderId}")`).waitFor();
    expect(stored).to.include({ branchId: marina, deviceReference: 'Till 7' });
    await expectNoSideScroll(pos, PHONE.width);
    expect(await pos.locator('#sign-out').isVisible()).to.equal(true);
    await shot(pos, 'pos-branch-phone-en');
    await pos.context().close();

    const second = await createBranch('Dubai Hills');
    const both = await createUser('staff', [marina, second]);
    const two = await signedInPos(browser, both, { viewport: PHONE, lang: 'ar' });
    await two.locator('#branch-row').waitFor();
    expect(await two.locator('#branch option').allTextContents()).to.deep.equal(['Marina Mall', 'Dubai Hills']);
    await two.locator('#branch').selectOption(second);
    await two.locator('#who-branch:has-text("Dubai Hills")').waitFor();
    await createCheckout(two, '3.00');
    expect((await shownCheckout(two)).stored?.branchId).to.equal(second);
    await expectNoSideScroll(two, PHONE.width);
    await shot(two, 'pos-branch-picker-phone-ar');
    // Remembered for this user on this device.
    await two.reload();
    await two.locator('#who-branch:has-text("Dubai Hills")').waitFor();
    await two.context().close();
  });

  it('an owner picks any branch or none; the choice is remembered and goes with the QR', async () => {
    const beach = await createBranch('Jumeirah Beach');
    const owner = await createUser('owner');
    const pos = await signedInPos(browser, owner, { viewport: PHONE });
    await pos.locator('#branch-row').waitFor();
    const options = await pos.locator('#branch option').evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
    expect(options[0]).to.deep.equal(['', 'No branch (whole business)']);
    expect(options).to.deep.include([beach, 'Jumeirah Beach']);
    expect(await pos.locator('#branch').inputValue()).to.equal(''); // none until the owner picks one
    await pos.locator('#branch').selectOption(beach);
    await pos.locator('#who-branch:has-text("Jumeirah Beach")').waitFor();
    await createCheckout(pos, '9.00');
    expect((await shownCheckout(pos)).stored?.branchId).to.equal(beach);
    await expectNoSideScroll(pos, PHONE.width);
    await shot(pos, 'pos-owner-branch-phone-en');
    await pos.reload();
    await pos.locator('#who-branch:has-text("Jumeirah Beach")').waitFor();
    await pos.context().close();
  });
});
