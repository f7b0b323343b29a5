/** CSV rows (RFC 4180) that a spreadsheet cannot mistake for formulas. Pure. */

/** Quotes a cell when needed; a text cell starting with = + - @ gets a leading ' so no spreadsheet runs it. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export const CHECKOUT_COLUMNS = [
  'checkoutId', 'gatewayId', 'orderId', 'branchId', 'deviceReference', 'createdBy', 'account', 'mode',
  'currency', 'amount', 'status', 'totalRefunded', 'refundsPending', 'createdAt', 'updatedAt',
] as const;

export const REFUND_COLUMNS = ['refundId', 'checkoutId', 'gatewayId', 'orderId', 'branchId', 'currency', 'amount', 'status', 'by', 'at'] as const;
