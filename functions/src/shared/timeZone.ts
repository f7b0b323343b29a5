/** The report time zone (param REPORT_TIME_ZONE), checked: a bad zone must not break a status change. */
import { REPORT_TIME_ZONE } from '../config';

export const DEFAULT_REPORT_TIME_ZONE = 'Asia/Dubai';

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

export function reportTimeZone(): string {
  // A string param reads "" at run time when it was never set (e.g. the service called outside a function).
  const zone = REPORT_TIME_ZONE.value();
  return isTimeZone(zone) ? zone : DEFAULT_REPORT_TIME_ZONE;
}
