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
/** Per listener: whether its last snapshot came from the cache, and whether it has heard the server yet. */
const cachedBy = new Map<string, boolean>();
const heardBy = new Set<string>();
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

/** The snapshot-metadata callback of one listener (`name`: which one; a re-created listener keeps its name). */
export function liveSnapshot(name: string): (cached: boolean) => void {
  return (cached) => {
    const was = cachedBy.get(name) ?? false;
    cachedBy.set(name, cached);
    fromCache = [...cachedBy.values()].some(Boolean);
    // Back from the cache after having heard the server (a dropped stream, or the network back without an
    // online event): ask the backend too. A listener's first cache-then-server snapshots are not a gap.
    if (was && !cached && heardBy.has(name)) void check();
    else render();
    if (!cached) heardBy.add(name);
  };
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
