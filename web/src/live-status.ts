/**
 * Whether the till is hearing Firestore: a cashier waiting for PAID must tell "not paid yet" from "not
 * hearing". Paused when the browser is offline or a listener's snapshot comes from the cache; when the
 * network returns, the shown checkout is asked for with getCheckout (which also asks PointCheckout), and the
 * line clears once that answered and a listener hears the server again.
 */
import { $ } from './dom';
import { t } from './i18n';

type Phase = 'live' | 'offline' | 'checking';

// Not `navigator.onLine` at start: it is false wherever the OS reports no network interface (a till on a
// loopback-only test network, some kiosks) though the backend answers; only the events are trusted.
let phase: Phase = 'live';
let fromCache = false;
let refreshing = false;
let refresh: () => Promise<void> = () => Promise.resolve();
let retry: ReturnType<typeof setTimeout> | null = null;

function render(): void {
  const box = $('live-status');
  const paused = phase !== 'live' || fromCache;
  box.hidden = !paused;
  box.dataset.state = phase === 'live' && fromCache ? 'checking' : phase;
  box.textContent = phase === 'offline' ? t('liveOffline') : paused ? t('livePaused') : '';
}

/** Asks again in 5 s until the backend answers. */
function schedule(): void {
  if (retry) clearTimeout(retry);
  retry = setTimeout(() => void check(), 5000);
}

async function check(): Promise<void> {
  if (refreshing) return;
  refreshing = true;
  if (phase === 'live') phase = 'checking';
  render();
  try {
    await refresh();
    phase = 'live';
  } catch {
    schedule();
  } finally {
    refreshing = false;
    render();
  }
}

/** Every listener reports its snapshots' metadata here. */
export function liveSnapshot(cached: boolean): void {
  const was = fromCache;
  fromCache = cached;
  // Back from the cache (a dropped stream, or the network back without an online event): ask the backend too.
  if (was && !cached) void check();
  else render();
}

/** `refreshShown`: asks the backend for the shown checkout and puts the answer on screen. */
export function watchConnection(refreshShown: () => Promise<void>): void {
  refresh = refreshShown;
  window.addEventListener('offline', () => {
    phase = 'offline';
    render();
    schedule();
  });
  window.addEventListener('online', () => {
    phase = 'checking';
    void check();
  });
  render();
}

/** The language changed: the line is re-worded. */
export function renderLiveStatus(): void {
  render();
}
