/**
 * The till's corner of the POS page: the branch name in the header, the branch picker (for someone who works
 * in several, and for an owner or unscoped user once the merchant has branches: "No branch" or any of them),
 * the optional device / till name, and the end-of-day link for managers and owners.
 */
import type { FirebaseApp } from 'firebase/app';
import { allBranches, branchNames, deviceName, deviceValid, manages, pickedBranch, rememberBranch, rememberDevice, type BranchName, type Scope } from './branch';
import { $ } from './dom';
import { t } from './i18n';

let uid: string | null = null;
let names: BranchName[] = [];
let unscoped = false;

function showBranchName(): void {
  const picked = $<HTMLSelectElement>('branch').value;
  const name = names.find((b) => b.id === picked)?.name ?? '';
  $('who-branch').textContent = name;
  $('who-branch').title = name;
  $('who-branch').hidden = name === '';
  // An unscoped cashier's sales go to "No branch" unless they pick one: say so while branches exist.
  const warn = unscoped && names.length > 0 && picked === '';
  $('no-branch-warning').hidden = !warn;
  $('no-branch-warning').textContent = warn ? t('noBranchWarning') : '';
}

/** The language changed: the picker's own option and the warning are re-worded. */
export function relabelTill(): void {
  const first = $<HTMLSelectElement>('branch').options[0];
  if (unscoped && first && first.value === '') first.text = t('noBranch');
  if (names.length > 0) showBranchName();
}

/** Shows the user's branches (names read once per sign-in) and the manager's link; clears for none. */
export async function showTill(app: FirebaseApp, user: string | null, scope: Scope | null): Promise<void> {
  uid = user;
  names = [];
  const select = $<HTMLSelectElement>('branch');
  select.replaceChildren();
  $('branch-row').hidden = true;
  $('who-branch').hidden = true;
  $('no-branch-warning').hidden = true;
  $('report-link-row').hidden = !manages(scope?.role ?? null);
  $<HTMLInputElement>('device').value = deviceName();
  unscoped = scope !== null && scope.branches === null;
  if (!user || !scope) return;
  const found = unscoped ? await allBranches(app) : await branchNames(app, scope.branches ?? []);
  if (uid !== user || found.length === 0) return; // signed out meanwhile, or no branches at all
  names = found;
  const options = names.map((b) => new Option(b.name, b.id));
  if (unscoped) options.unshift(new Option(t('noBranch'), ''));
  select.replaceChildren(...options);
  select.value = pickedBranch(user, names.map((b) => b.id), unscoped) ?? '';
  $('branch-row').hidden = options.length < 2;
  showBranchName();
}

/** What a new QR carries about the till, or the sentence to show when the device name cannot be sent. */
export function tillFields(): { ok: true; branchId?: string; deviceReference?: string } | { ok: false; message: string } {
  const device = $<HTMLInputElement>('device').value.trim();
  if (!deviceValid(device)) return { ok: false, message: t('deviceInvalid') };
  rememberDevice(device);
  const branchId = names.length > 0 ? $<HTMLSelectElement>('branch').value : '';
  return { ok: true, ...(branchId ? { branchId } : {}), ...(device ? { deviceReference: device } : {}) };
}

/** The picker is locked while a sale has its QR: that checkout already belongs to a branch. */
export function lockTill(locked: boolean): void {
  $<HTMLSelectElement>('branch').disabled = locked;
}

$('branch').addEventListener('change', () => {
  const picked = $<HTMLSelectElement>('branch').value;
  if (uid && (picked || unscoped)) rememberBranch(uid, picked);
  showBranchName();
});
