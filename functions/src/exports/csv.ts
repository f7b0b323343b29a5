/** CSV rows (RFC 4180) that a spreadsheet cannot mistake for formulas. Pure. */

/**
 * A text cell's formula triggers defused: `= + - @`, tab or CR at its start, or after any separator a
 * spreadsheet may split on (`,` `;` tab, CR, LF: a `;`-locale reads our `,` file with its own separator, and
 * may ignore the quotes), with only spaces between, get a `'` before them, so every piece reads as text.
 */
export function defuse(value: string): string {
  const pieces = value.split(/([,;\t\r\n])/).map((piece, i) => (i % 2 === 0 ? piece.replace(/^( *)(?=[=+\-@])/, "$1'") : piece));
  const joined = pieces.join('');
  return /^[\t\r]/.test(joined) ? `'${joined}` : joined;
}

/** Quotes a cell when needed, after defusing any formula in it; numbers are written as numbers. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const safe = defuse(value);
  return /[",;\t\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** `YYYY-MM-DD HH:MM:SS` of an instant in a time zone (the report's), beside the UTC ISO time. */
export function localTime(ms: number | null | undefined, timeZone: string): string {
  if (ms === null || ms === undefined) return '';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

export const CHECKOUT_COLUMNS = [
  'checkoutId', 'gatewayId', 'orderId', 'branchId', 'deviceReference', 'createdBy', 'createdByName', 'account', 'mode',
  'currency', 'amount', 'status', 'gatewayStatus', 'totalRefunded', 'refundsPending', 'chargeback', 'chargebackAt', 'chargebackAtLocal',
  'duplicatePayment', 'createdAt', 'createdAtLocal', 'updatedAt', 'updatedAtLocal', 'timeZone',
] as const;

export const REFUND_COLUMNS = [
  'refundId', 'checkoutId', 'gatewayId', 'orderId', 'branchId', 'account', 'mode', 'source', 'currency', 'amount', 'status', 'applied',
  'by', 'byName', 'at', 'atLocal', 'timeZone',
] as const;
