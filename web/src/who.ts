/** Who is signed in, readable on a phone too (the header has room only for the branch name and Sign out). */
import { $ } from './dom';
import { t } from './i18n';

export function roleText(role: string | null): string {
  return role === 'owner' ? t('roleOwner') : role === 'manager' ? t('roleManager') : role === 'staff' ? t('roleStaff') : t('roleNone');
}

/** `who`: the email (else the uid) of the signed-in user, or null when nobody is; `role` undefined: not read yet. */
export function renderWho(who: string | null, role: string | null | undefined): void {
  const roleName = role === undefined ? '' : roleText(role);
  $('who-email').textContent = who ?? '';
  $('who-role').textContent = roleName;
  $('who-line').textContent = who ? t('signedInAs', { who: roleName ? `${who} · ${roleName}` : who }) : '';
  $('who-line').hidden = who === null;
}
