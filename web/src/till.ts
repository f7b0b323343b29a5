/**
 * The till's corner of the POS page: the branch name in the header, the branch picker (only for someone who
 * works in several), the optional device / till name, and the end-of-day link for managers and owners.
 */
import type { FirebaseApp } from 'firebase/app';
import { branchNames, deviceName, deviceValid, manages, pickedBranch, rememberBranch, rememberDevice, type BranchName, type Scope } from './branch';
import { $ } from './dom';
import { t } from './i18n';

let uid: string | null = null;
let names: BranchName[] = [];

function showBranchName(): void {
  const picked = $<HTMLSelectElement>('branch').value;
  const name = names.find((b) => b.id === picked)?.name ?? '';
  $('who-branch').textContent = name;
  $('who-branch').hidden = name === '';
}

/** Shows the user's branches (names read once per sign-in) and the manager's link; clears for none. */
export async function showTill(app: FirebaseApp, user: string | null, scope: Scope | null): Promise<void> {
  uid = user;
  names = [];
  const select = $<HTMLSelectElement>('branch');
  select.replaceChildren();
  $('branch-row').hidden = true;
  $('who-branch').hidden = true;
  $('report-link-row').hidden = !manages(scope?.role ?? null);
  $<HTMLInputElement>('device').value = deviceName();
  const ids = scope?.branches ?? [];
  if (!user || ids.length === 0) return;
  const found = await branchNames(app, ids);
  if (uid !== user) return; // signed out meanwhile
  names = found;
  select.replaceChildren(...names.map((b) => new Option(b.name, b.id)));
  select.value = pickedBranch(user, ids) ?? '';
  $('branch-row').hidden = names.length < 2;
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
  if (uid && picked) rememberBranch(uid, picked);
  showBranchName();
});
