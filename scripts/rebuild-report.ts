/**
 * `npm run report:rebuild -- --from YYYY-MM-DD [--to YYYY-MM-DD] [--zone Area/City]`: rebuilds each day's
 * report aggregates from the checkouts (functions/src/reports/rebuild.ts), e.g. after changing REPORT_TIME_ZONE.
 * Uses Application Default Credentials and GOOGLE_CLOUD_PROJECT (or FIRESTORE_EMULATOR_HOST and GCLOUD_PROJECT
 * for the emulator). The zone defaults to REPORT_TIME_ZONE, else the functions' default.
 */
import { parseArgs } from 'node:util';
import { initializeApp } from 'firebase-admin/app';
import { rebuildDay } from '../functions/src/reports/rebuild';
import { DEFAULT_REPORT_TIME_ZONE, isTimeZone } from '../functions/src/shared/timeZone';

const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, zone: { type: 'string' } } });
const zone = values.zone ?? process.env.REPORT_TIME_ZONE ?? DEFAULT_REPORT_TIME_ZONE;
const day = /^\d{4}-\d{2}-\d{2}$/;
if (!values.from || !day.test(values.from) || (values.to && !day.test(values.to)) || !isTimeZone(zone)) {
  console.error('Usage: npm run report:rebuild -- --from YYYY-MM-DD [--to YYYY-MM-DD] [--zone Area/City] (a valid IANA zone)');
  process.exit(2);
}
const last = values.to ?? values.from;
if (last < values.from || Date.parse(last) - Date.parse(values.from) > 366 * 86_400_000) {
  console.error('--to must be on or after --from, at most a year later');
  process.exit(2);
}
async function main(from: string, to: string): Promise<void> {
  initializeApp();
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) {
    const date = new Date(ms).toISOString().slice(0, 10);
    const result = await rebuildDay(date, zone);
    console.log(`${date} (${zone}): ${result.checkouts} checkouts, ${result.chargebacks} chargebacks, ${result.refundsStamped} refund records stamped`);
  }
}

main(values.from, last).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
