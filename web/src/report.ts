/**
 * The manager's end of day (report.html): the day's totals in the user's branches from the `dailyReport`
 * callable, the hourly chart, the comparison with PointCheckout on demand, and the CSV exports. Signed in
 * through the POS page (the same origin shares the sign-in); managers and owners only.
 */
import { onAuthStateChanged, type User } from 'firebase/auth';
import { collection, getDocs, getFirestore } from 'firebase/firestore';
import { httpsCallable } from 'firebase/functions';
import { branchNames, manages, scopeOf, type BranchName } from './branch';
import { $, showError, showNotice } from './dom';
import { describeError } from './errors';
import { applyStatic, currentLang, setLang, t } from './i18n';
import { rt } from './report-i18n';
import { renderReport, showComparing, type Report } from './report-view';
import { appCheckHeader } from './app-check';
import { connect } from './setup';

const { app, auth, functions, appCheck } = await connect();
let user: User | null = null;
let shown: Report | null = null;
let dateTouched = false;
let sequence = 0;

const dateInput = () => $<HTMLInputElement>('date');
const branchSelect = () => $<HTMLSelectElement>('branch');
const modeSelect = () => $<HTMLSelectElement>('mode');
/** Live unless the address or the switch says test; the address keeps the choice across reloads. */
const mode = (): 'live' | 'test' => (modeSelect().value === 'test' ? 'test' : 'live');

/** YYYY-MM-DD of now in a time zone (the browser's when none is given). */
function dayIn(zone?: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** The name the server found in Firebase Auth, else the uid; the signed-in manager's own row says so. */
function cashierName(uid: string, name: string | undefined): string {
  const shown = name ?? (uid === user?.uid ? user.email : null) ?? uid;
  return uid === user?.uid ? `${shown} (${rt('you')})` : shown;
}

function request(compareWithGateway = false): Record<string, unknown> {
  const branchId = branchSelect().value;
  return { date: dateInput().value, mode: mode(), ...(branchId ? { branchId } : {}), ...(compareWithGateway ? { compareWithGateway } : {}) };
}

async function load(compare = false): Promise<void> {
  if (!user || !dateInput().value) return;
  const mine = ++sequence;
  showError(null);
  showNotice(compare ? null : rt('loading'));
  if (compare) showComparing();
  try {
    const report = (await httpsCallable(functions, 'dailyReport', { timeout: 300_000 })(request(compare))).data as Report;
    if (mine !== sequence) return;
    showNotice(null);
    // "Today" is the report's day (REPORT_TIME_ZONE), which may differ from this browser's near midnight.
    if (!dateTouched && report.date !== dayIn(report.timeZone)) {
      dateInput().value = dayIn(report.timeZone);
      dateTouched = true;
      await load(compare);
      return;
    }
    shown = report;
    renderReport(report, cashierName);
  } catch (error) {
    if (mine !== sequence) return;
    showNotice(null);
    showError(describeError(error) || rt('errReport'));
  }
}

async function fillBranches(branches: string[] | null): Promise<void> {
  // Unscoped users and owners may read every branch document; scoped users only theirs.
  const names: BranchName[] = branches
    ? await branchNames(app, branches)
    : (await getDocs(collection(getFirestore(app), 'branches')).catch(() => null))?.docs.map((d) => ({ id: d.id, name: String(d.get('name') ?? d.id) })) ?? [];
  const options = names.map((b) => new Option(b.name, b.id));
  // "All" is the caller's whole scope: every branch for an owner, all of theirs for someone in several.
  if (!branches || branches.length > 1) options.unshift(new Option(rt('allBranches'), ''));
  branchSelect().replaceChildren(...options);
}

async function download(kind: 'checkouts' | 'refunds', button: HTMLButtonElement): Promise<void> {
  if (!user) return;
  button.disabled = true;
  showError(null);
  try {
    const query = new URLSearchParams({ from: dateInput().value, kind, mode: mode() });
    if (branchSelect().value) query.set('branchId', branchSelect().value);
    // Same origin through the Hosting rewrite (firebase.json): the function itself answers no CORS.
    // The export is an HTTPS function: it reads App Check from this header (callables get it from the SDK).
    const headers = { ...(await appCheckHeader(appCheck)), Authorization: `Bearer ${await user.getIdToken()}` };
    const response = await fetch(`/exportCheckouts?${query}`, { headers });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { error?: string } | null;
      throw new Error(body?.error ?? `HTTP ${response.status}`);
    }
    const file = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `${kind}-${dateInput().value}.csv`;
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement('a'), { href: url, download: file });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    showNotice(rt('downloaded', { file }));
  } catch (error) {
    showError(rt('errDownload', { reason: error instanceof Error ? error.message : String(error) }));
  } finally {
    button.disabled = false;
  }
}

async function onUser(next: User | null): Promise<void> {
  user = next;
  shown = null;
  $('controls').hidden = true;
  $('report').hidden = true;
  $('who-role').hidden = true;
  if (!next) {
    showError(rt('signInFirst'));
    return;
  }
  const scope = scopeOf((await next.getIdTokenResult()).claims);
  if (!manages(scope.role)) {
    showError(rt('managersOnly'));
    return;
  }
  $('who-role').textContent = scope.role === 'owner' ? t('roleOwner') : t('roleManager');
  $('who-role').hidden = false;
  showError(null);
  await fillBranches(scope.branches);
  $('controls').hidden = false;
  await load();
}

dateInput().value = dayIn();
dateInput().addEventListener('change', () => {
  dateTouched = true;
  void load();
});
branchSelect().addEventListener('change', () => void load());
modeSelect().value = new URLSearchParams(location.search).get('mode') === 'test' ? 'test' : 'live';
modeSelect().addEventListener('change', () => {
  const url = new URL(location.href);
  url.searchParams.set('mode', mode());
  history.replaceState(null, '', url);
  void load();
});
$('compare').addEventListener('click', () => void load(true));
$('csv-checkouts').addEventListener('click', (e) => void download('checkouts', e.currentTarget as HTMLButtonElement));
$('csv-refunds').addEventListener('click', (e) => void download('refunds', e.currentTarget as HTMLButtonElement));
$('lang-switch').addEventListener('click', () => {
  setLang(currentLang() === 'ar' ? 'en' : 'ar');
  void onUser(user).then(() => {
    if (shown) renderReport(shown, cashierName);
  });
});

applyStatic();
onAuthStateChanged(auth, (next) => void onUser(next));
