import { expect } from 'chai';
import type { Simulator } from '../src/server';
import { api, call, createCheckout, registerWebhook, simAction, start, startReceiver, waitFor } from './helpers';

interface PageReply {
  status: number;
  html: string;
}

async function getPage(url: string, headers: Record<string, string> = {}): Promise<PageReply> {
  const res = await fetch(url, { headers });
  return { status: res.status, html: await res.text() };
}

async function postForm(url: string, fields: Record<string, string>): Promise<PageReply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, html: await res.text() };
}

/** December, three years from now: always in the future, whenever the suite runs. */
const FUTURE_YY = String((new Date().getUTCFullYear() + 3) % 100).padStart(2, '0');
const GOOD = { cardNumber: '4242 4242 4242 4242', expiry: `12/${FUTURE_YY}`, cvv: '100', cardName: 'TEST USER', terms: 'yes' };

describe('hosted payment page', () => {
  let sim: Simulator;
  before(async () => {
    sim = await start({ merchantName: 'Café <Demo> & Co' });
  });
  after(() => sim.close());
  beforeEach(() => call(sim, 'POST', '/_sim/reset', { auth: false }));

  const status = async (id: string) => (await api(sim, 'GET', `/checkout/${id}`)).json.result.status;

  it('shows an accessible form with merchant, order and amount, all escaped', async () => {
    const c = await createCheckout(sim, { orderId: 'ORD-<script>', amount: '12.5' });
    const page = await getPage(c.redirectUrl);
    expect(page.status).to.equal(200);
    expect(page.html).to.include('<meta name="viewport"');
    expect(page.html).to.include('Café &#60;Demo&#62; &#38; Co');
    expect(page.html).to.include('ORD-&#60;script&#62;');
    expect(page.html).not.to.include('<script>');
    expect(page.html).to.include('AED 12.50');
    for (const id of ['cardNumber', 'expiry', 'cvv', 'cardName', 'terms']) {
      expect(page.html).to.match(new RegExp(`<label[^>]*for="${id}"|<label><input[^>]*id="${id}"`));
    }
    expect(page.html).to.match(/<a href="\/terms\?lang=en"[^>]*>Terms &#38; Conditions<\/a>/);
    expect(page.html).to.include('<html lang="en" dir="ltr">');
    expect(page.html).to.match(/<button[^>]*>Pay /);
    expect(page.html).to.match(/<button[^>]*>Cancel<\/button>/);
  });

  it('pays with the test card (a future expiry, 3-digit CVV) and delivers the webhook', async () => {
    const receiver = await startReceiver();
    try {
      await registerWebhook(sim, receiver.url);
      const c = await createCheckout(sim, { amount: 100 });
      const page = await postForm(`${c.redirectUrl}/pay`, { ...GOOD, cardNumber: '4242424242424242' });
      expect(page.status).to.equal(200);
      expect(page.html).to.include('Payment successful');
      expect(page.html).to.include(c.displayId);
      expect(page.html).to.include('AED 100.00');
      expect(page.html).to.include('\u2068••••\u00a04242\u2069', 'isolated and unbreakable');
      expect(page.html).not.to.include('4242424242424242');
      expect(await status(c.id)).to.equal('PAID');
      await waitFor(() => receiver.received.length === 1);
      expect(receiver.received[0]!.json).to.include({ id: c.id, status: 'PAID', usedPaymentMethod: 'CARD' });
    } finally {
      await receiver.close();
    }
  });

  it('declines 4000 0000 0000 0002 and marks the checkout FAILED', async () => {
    const c = await createCheckout(sim);
    const page = await postForm(`${c.redirectUrl}/pay`, { ...GOOD, cardNumber: '4000 0000 0000 0002' });
    expect(page.status).to.equal(200);
    expect(page.html).to.match(/declined/i);
    expect(page.html).not.to.include('4000 0000 0000 0002');
    expect(page.html).not.to.include('4000000000000002');
    expect(await status(c.id)).to.equal('FAILED');
  });

  it('cancels from the page', async () => {
    const c = await createCheckout(sim);
    const page = await postForm(`${c.redirectUrl}/cancel`, {});
    expect(page.status).to.equal(200);
    expect(page.html).to.match(/cancelled/i);
    expect(await status(c.id)).to.equal('CANCELLED');
  });

  const bad: [string, Record<string, string>, string][] = [
    ['a missing card number', { cardNumber: '' }, 'cardNumber'],
    ['a card number failing Luhn', { cardNumber: '4242 4242 4242 4241' }, 'cardNumber'],
    ['another valid card', { cardNumber: '5555 5555 5555 4444' }, 'cardNumber'],
    ['a bad expiry', { expiry: '13/25' }, 'expiry'],
    ['an expiry without slash', { expiry: '1225' }, 'expiry'],
    ['an expiry in the past', { expiry: '12/20' }, 'expiry'],
    ['a 4-digit CVV', { cvv: '1234' }, 'cvv'],
    ['a missing name', { cardName: ' ' }, 'cardName'],
    ['unchecked Terms & Conditions', { terms: '' }, 'terms'],
  ];
  for (const [name, change, fieldName] of bad) {
    it(`re-renders the form with an error at the field for ${name}`, async () => {
      const c = await createCheckout(sim);
      const fields: Record<string, string> = { ...GOOD, ...change };
      if (fields.terms === '') delete fields.terms;
      const page = await postForm(`${c.redirectUrl}/pay`, fields);
      expect(page.status).to.equal(400);
      expect(page.html).to.match(new RegExp(`id="${fieldName}"[^>]*aria-invalid="true"[^>]*aria-describedby="${fieldName}-error"`));
      expect(page.html).to.include(`id="${fieldName}-error"`);
      expect(page.html).to.include('role="alert"');
      // The card number and CVV are never echoed back.
      expect(page.html).to.match(/id="cardNumber" name="cardNumber" value=""/);
      expect(page.html).to.match(/id="cvv" name="cvv" value=""/);
      expect(page.html).not.to.match(/4241|5555/);
      expect(await status(c.id)).to.equal('PENDING');
    });
  }

  it('keeps the name and expiry (escaped) when re-rendering', async () => {
    const c = await createCheckout(sim);
    const page = await postForm(`${c.redirectUrl}/pay`, { ...GOOD, cvv: '', cardName: '"><b>x</b>' });
    expect(page.status).to.equal(400);
    expect(page.html).to.include('value="&#34;&#62;&#60;b&#62;x&#60;/b&#62;"');
    expect(page.html).to.include(`value="12/${FUTURE_YY}"`);
  });

  it('shows a clear page instead of the form once the checkout is final or expired', async () => {
    const paid = await createCheckout(sim);
    await simAction(sim, paid.id, 'pay');
    const paidPage = await getPage(paid.redirectUrl);
    expect(paidPage.status).to.equal(200);
    expect(paidPage.html).to.include('already been paid');
    expect(paidPage.html).not.to.include('name="cardNumber"');
    const again = await postForm(`${paid.redirectUrl}/pay`, GOOD);
    expect(again.status).to.equal(409);

    const old = await createCheckout(sim, { expiresIn: 5 });
    sim.store.clockOffsetMs = 10 * 60_000;
    const expiredPage = await getPage(old.redirectUrl);
    expect(expiredPage.html).to.include('has expired');
    expect(expiredPage.html).not.to.include('name="cardNumber"');
    expect((await postForm(`${old.redirectUrl}/cancel`, {})).status).to.equal(409);
    expect(await status(old.id)).to.equal('EXPIRED');
  });

  it('answers 404 for an unknown checkout key', async () => {
    const page = await getPage(`${sim.url}/checkout/${'0'.repeat(48)}`);
    expect(page.status).to.equal(404);
    expect(page.html).to.include('Checkout not found');
  });

  it('refuses an expired card by the simulated clock, and accepts the current month', async () => {
    const now = new Date(Date.now());
    const mm = String(now.getUTCMonth() + 1).padStart(2, '0');
    const yy = String(now.getUTCFullYear() % 100).padStart(2, '0');
    const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const lastMonth = `${String(last.getUTCMonth() + 1).padStart(2, '0')}/${String(last.getUTCFullYear() % 100).padStart(2, '0')}`;
    const c = await createCheckout(sim);
    const past = await postForm(`${c.redirectUrl}/pay`, { ...GOOD, expiry: lastMonth });
    expect(past.status).to.equal(400);
    expect(past.html).to.include('This card has expired');
    // By the simulator's clock: four years on, the "future" expiry has passed too.
    sim.store.clockOffsetMs = 4 * 366 * 24 * 3_600_000;
    const d = await createCheckout(sim);
    const later = await postForm(`${d.redirectUrl}/pay`, GOOD);
    expect(later.status).to.equal(400);
    expect(later.html).to.include('This card has expired');
    sim.store.clockOffsetMs = 0;
    const e = await createCheckout(sim);
    expect((await postForm(`${e.redirectUrl}/pay`, { ...GOOD, expiry: `${mm}/${yy}` })).status).to.equal(200);
  });

  it('speaks Arabic, right to left, when the checkout was created with language ar', async () => {
    const c = await createCheckout(sim, { amount: '12.5', language: 'ar' });
    const page = await getPage(c.redirectUrl);
    expect(page.html).to.include('<html lang="ar" dir="rtl">');
    expect(page.html).to.include('الدفع بالبطاقة');
    expect(page.html).to.include('<label for="cardNumber">رقم البطاقة</label>');
    expect(page.html).to.include('12.50 د.إ.');
    expect(page.html).to.include('>English</a>');
    expect(page.html).to.include('<input type="hidden" name="lang" value="ar">');
    const errors = await postForm(`${c.redirectUrl}/pay`, { ...GOOD, cvv: '', lang: 'ar' });
    expect(errors.html).to.include('أدخل رمز التحقق');
    const paid = await postForm(`${c.redirectUrl}/pay`, { ...GOOD, lang: 'ar' });
    expect(paid.html).to.include('تم الدفع بنجاح');
    expect(paid.html).to.include('dir="rtl"');
  });

  it('switches language with ?lang= and remembers the choice in a cookie', async () => {
    const c = await createCheckout(sim, { language: 'ar' });
    const res = await fetch(`${c.redirectUrl}?lang=en`);
    expect(res.headers.get('set-cookie')).to.match(/^pc_lang=en; Path=\/; Max-Age=31536000; SameSite=Lax$/);
    expect(await res.text()).to.include('<html lang="en" dir="ltr">');
    const other = await createCheckout(sim);
    const arabic = await fetch(other.redirectUrl, { headers: { cookie: 'theme=x; pc_lang=ar' } });
    expect(await arabic.text()).to.include('dir="rtl"');
    const terms = await getPage(`${sim.url}/terms?lang=ar`);
    expect(terms.status).to.equal(200);
    expect(terms.html).to.include('الشروط والأحكام');
  });

  it("the sale's language beats a pc_lang cookie left by an earlier visit; only ?lang= or the form overrides it", async () => {
    const arabicSale = await createCheckout(sim, { language: 'ar' });
    const withCookie = await getPage(arabicSale.redirectUrl, { cookie: 'pc_lang=en' });
    expect(withCookie.html).to.include('<html lang="ar" dir="rtl">');
    const englishSale = await createCheckout(sim, { language: 'en' });
    expect((await getPage(englishSale.redirectUrl, { cookie: 'pc_lang=ar' })).html).to.include('<html lang="en" dir="ltr">');
    expect((await getPage(`${arabicSale.redirectUrl}?lang=en`, { cookie: 'pc_lang=ar' })).html).to.include('<html lang="en" dir="ltr">');
    const posted = await postForm(`${arabicSale.redirectUrl}/pay`, { ...GOOD, cvv: '', lang: 'en' });
    expect(posted.html).to.include('<html lang="en" dir="ltr">');
  });

  it('formats 3-decimal currencies with three decimals in both languages', async () => {
    const c = await createCheckout(sim, { amount: '1.234', currency: 'BHD' });
    expect((await getPage(c.redirectUrl)).html).to.include('BHD 1.234');
    expect((await getPage(`${c.redirectUrl}?lang=ar`)).html).to.match(/1[.٫]234|١[.٫]٢٣٤/);
  });
});
