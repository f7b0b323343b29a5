/**
 * Callable `dailyReport` (manager, owner): the day's totals from the aggregates, in the caller's branches, with
 * each cashier's name from Firebase Auth; with `compareWithGateway`, also the reconciliation line against
 * PointCheckout's own search.
 */
import { gatewaySecrets } from '../config';
import { validatedOnCall } from './callable';

export const dailyReport = validatedOnCall(
  'dailyReport',
  async () => (await import('../checkouts/schemas')).dailyReportInputSchema,
  { secrets: gatewaySecrets, timeoutSeconds: 300 },
  async (caller, input) => {
    const [{ assertRole, reportScope }, report, { compareWithGateway }, { dayRangeMs }, { reportTimeZone }, { gatewayFor }, { cashierNames }] = await Promise.all([
      import('../auth/caller'),
      import('../reports/dailyReport'),
      import('../reports/compare'),
      import('../reports/dayRange'),
      import('../reports/timeZone'),
      import('../pointcheckout/fromParams'),
      import('../reports/cashierNames'),
    ]);
    assertRole(caller, ['manager'], 'see the end-of-day report');
    const branches = reportScope(caller, input.branchId);
    const zone = reportTimeZone();
    const totals = await report.readDailyTotals(input.date, branches);
    const shaped = report.withCashierNames(report.shapeReport(input.date, zone, branches, totals), await cashierNames(Object.keys(totals.byCashier)));
    if (!input.compareWithGateway) return shaped;
    const { startMs, endMs } = dayRangeMs(input.date, zone);
    return { ...shaped, reconciliation: await compareWithGateway(startMs, endMs, branches, gatewayFor) };
  },
);
