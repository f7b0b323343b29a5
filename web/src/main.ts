/**
 * The cashier's screen: sign in, create a QR checkout, watch it turn PAID live, see today's checkouts;
 * managers also refresh, cancel and refund. Talks to the backend only through the typed client.
 */
import { initializeApp } from 'firebase/app';
import { connectAuthEmulator, getAuth, onIdTokenChanged, signInWithEmailAndPassword, signOut, type User } from 'firebase/auth';
import { connectFirestoreEmulator, getFirestore, type Unsubscribe } from 'firebase/firestore';
import { connectFunctionsEmulator, getFunctions } from 'firebase/functions';
import { createPosClient, describeError, type LiveCheckout } from './client';

const local = ['localhost', '127.0.0.1'].includes(location.hostname);
// In production, Firebase Hosting serves the project's web config at /__/firebase/init.json.
const config = local
  ? { projectId: 'demo-pointcheckout', apiKey: 'demo-api-key', authDomain: 'demo-pointcheckout.firebaseapp.com' }
  : ((await (await fetch('/__/firebase/init.json')).json()) as Record<string, string>);
const app = initializeApp(config);
const auth = getAuth(app);
const functions = getFunctions(app, 'us-central1');
if (local) {
  connectAuthEmulator(auth, 'http://127.0.0.1:9099', { disableWarnings: true });
  connectFirestoreEmulator(getFirestore(app), '127.0.0.1', 8080);
  connectFunctionsEmulator(functions, '127.0.0.1', 5001);
}
const pos = createPosClient(app, functions);

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} missing from the page`);
  return element as T;
};

let role: string | null = null;
let current: LiveCheckout | null = null;
let stopCurrent: Unsubscribe | null = null;
let stopToday: Unsubscribe | null = null;

function showError(error: unknown | null): void {
  const box = $('error');
  box.hidden = error === null;
  box.textContent = error === null ? '' : typeof error === 'string' ? error : describeError(error);
}

async function busy<T>(button: HTMLButtonElement, work: () => Promise<T>): Promise<T | undefined> {
  button.disabled = true;
  showError(null);
  try {
    return await work();
  } catch (error) {
    showError(error);
    return undefined;
  } finally {
    button.disabled = false;
  }
}

function newOrderId(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `ORD-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}-${Math.floor(Math.random() * 900 + 100)}`;
}

function renderCurrent(): void {
  const panel = $('current');
  panel.hidden = current === null;
  if (!current) return;
  const c = current;
  const banner = $('status-banner');
  banner.className = `banner status-${c.status}`;
  banner.textContent = c.status === 'PAID' ? 'PAID ✓' : c.status.replace('_', ' ');
  banner.dataset.status = c.status;
  $<HTMLImageElement>('qr').src = `data:image/png;base64,${c.qrImage}`;
  $<HTMLImageElement>('qr').hidden = c.status !== 'PENDING';
  $('current-amount').textContent = c.amount;
  $('current-currency').textContent = c.currency;
  $('current-order').textContent = c.orderId;
  $<HTMLAnchorElement>('checkout-url').href = c.checkoutUrl;
  const manager = role === 'manager';
  $('refresh').hidden = !manager;
  $('cancel').hidden = !(c.status === 'PENDING' || (manager && c.status === 'AUTHORIZED'));
  $('refund-box').hidden = !(manager && (c.status === 'PAID' || c.status === 'PARTIALLY_REFUNDED'));
  renderCountdown();
}

function renderCountdown(): void {
  if (!current) return;
  const left = current.expiresAt.getTime() - Date.now();
  const open = current.status === 'PENDING' || current.status === 'AUTHORIZED';
  if (!open) {
    $('countdown').textContent = current.totalRefunded !== '0.00' && Number(current.totalRefunded) > 0
      ? `refunded ${current.totalRefunded} ${current.currency}`
      : `updated ${current.updatedAt.toLocaleTimeString()}`;
  } else if (left <= 0) {
    $('countdown').textContent = 'expired';
  } else {
    const minutes = Math.floor(left / 60_000);
    const seconds = Math.floor((left % 60_000) / 1000);
    $('countdown').textContent = `expires in ${minutes}:${String(seconds).padStart(2, '0')}`;
  }
}

function select(checkoutId: string): void {
  stopCurrent?.();
  stopCurrent = pos.watchCheckout(
    checkoutId,
    (checkout) => {
      current = checkout;
      renderCurrent();
    },
    showError,
  );
}

function renderToday(list: LiveCheckout[]): void {
  const body = $('today');
  body.replaceChildren(
    ...list.map((c) => {
      const row = document.createElement('tr');
      row.dataset.checkoutId = c.checkoutId;
      row.tabIndex = 0;
      const cells = [c.createdAt.toLocaleTimeString(), c.orderId, `${c.amount} ${c.currency}`];
      for (const text of cells) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.append(cell);
      }
      const status = document.createElement('td');
      const pill = document.createElement('span');
      pill.className = `pill status-${c.status}`;
      pill.textContent = c.status;
      status.append(pill);
      row.append(status);
      row.addEventListener('click', () => select(c.checkoutId));
      row.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') select(c.checkoutId);
      });
      return row;
    }),
  );
  $('today-empty').hidden = list.length > 0;
}

async function onUser(user: User | null): Promise<void> {
  stopToday?.();
  stopCurrent?.();
  current = null;
  renderCurrent();
  $('sign-in').hidden = user !== null;
  $('pos').hidden = user === null;
  $('who').hidden = user === null;
  if (!user) return;
  const token = await user.getIdTokenResult();
  role = typeof token.claims.role === 'string' ? token.claims.role : null;
  $('who-email').textContent = user.email ?? user.uid;
  $('who-role').textContent = role ?? 'no role';
  if (!role) showError('Your account has no payments role yet; ask a manager to give it the staff or manager role.');
  $<HTMLInputElement>('order-id').value = newOrderId();
  stopToday = pos.watchTodaysCheckouts(role === 'manager' ? null : user.uid, renderToday, showError);
}

$('sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const button = (event.target as HTMLFormElement).querySelector('button') as HTMLButtonElement;
  void busy(button, () =>
    signInWithEmailAndPassword(auth, $<HTMLInputElement>('email').value.trim(), $<HTMLInputElement>('password').value).catch(() => {
      throw new Error('Wrong email or password.');
    }),
  ).then(() => undefined);
});

$('sign-out').addEventListener('click', () => void signOut(auth));

$('create-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const orderId = $<HTMLInputElement>('order-id').value.trim();
  const amount = $<HTMLInputElement>('amount').value.trim();
  const currency = $<HTMLSelectElement>('currency').value;
  void busy($<HTMLButtonElement>('create'), async () => {
    // One key per order and amount: a double tap or a retry after a network error cannot charge twice.
    const idempotencyKey = `pos-${orderId}-${amount}-${currency}`;
    const created = await pos.createQrCheckout({ orderId, amount, currency: currency as never, idempotencyKey });
    select(created.checkoutId);
    $<HTMLInputElement>('order-id').value = newOrderId();
  });
});

$('refresh').addEventListener('click', () => {
  if (current) void busy($<HTMLButtonElement>('refresh'), () => pos.getCheckout({ checkoutId: (current as LiveCheckout).checkoutId }));
});
$('cancel').addEventListener('click', () => {
  if (current) void busy($<HTMLButtonElement>('cancel'), () => pos.cancelCheckout({ checkoutId: (current as LiveCheckout).checkoutId }));
});
$('refund').addEventListener('click', () => {
  if (!current) return;
  const amount = $<HTMLInputElement>('refund-amount').value.trim();
  const checkoutId = current.checkoutId;
  void busy($<HTMLButtonElement>('refund'), () =>
    pos.refundCheckout({ checkoutId, note: 'Refunded at the till', ...(amount ? { amount } : {}) }),
  );
});

// Listens to token changes too, so a role granted while signed in shows after the next token refresh.
onIdTokenChanged(auth, (user) => void onUser(user));
setInterval(renderCountdown, 1000);
