/**
 * Whether the till is hearing Firestore: a cashier waiting for PAID must tell "not paid yet" from "not
 * hearing". Paused when the browser is offline or a listener's snapshot comes from the cache; when the
 * network returns, the shown checkout is asked for with getCheckout (which also asks PointCheckout), and the
 * line clears once that answered and a listener hears the server again.
 */
import { $ } from './dom';
import { t } from './i18n';

type Phase = 'live' | 'offline' | 'checking';

let phase: Phase = navigator.onLine ? 'live' : 'offline';
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

async function check(): Promise<void> {
  if (refreshing) return;
  refreshing = true;
  phase = 'checking';
  render();
  try {
    await refresh();
    if (navigator.onLine) phase = 'live';
  } catch {
    // Still not reachable: ask again shortly while the browser says it is online.
    if (retry) clearTimeout(retry);
    retry = setTimeout(() => void (navigator.onLine ? check() : undefined), 5000);
  } finally {
    refreshing = false;
    render();
  }
}

/** Every listener reports its snapshots' metadata here. */
export function liveSnapshot(cached: boolean): void {
  const was = fromCache;
  fromCache = cached;
  // Back from the cache without an offline event (a dropped stream): refresh the shown checkout as well.
  if (was && !cached && phase === 'live') void check();
  else render();
}

/** `refreshShown`: asks the backend for the shown checkout and puts the answer on screen. */
export function watchConnection(refreshShown: () => Promise<void>): void {
  refresh = refreshShown;
  window.addEventListener('offline', () => {
    phase = 'offline';
    render();
  });
  window.addEventListener('online', () => void check());
  render();
}

/** The language changed: the line is re-worded. */
export function renderLiveStatus(): void {
  render();
}
