/**
 * Callable `dailyReport` (manager, owner): the day's totals of one mode (live unless asked for test) from the
 * aggregates and the day's refund records, in the caller's branches, with each cashier's name from Firebase
 * Auth; with `compareWithGateway`, also the reconciliation line against PointCheckout's own search.
 */
import { gatewaySecrets } from '../../config';
import { validatedOnCall } from '../callable';

export const dailyReport = validatedOnCall(
  'dailyReport',
  async () => (await import('../../domain/schemas')).dailyReportInputSchema,
  { secrets: gatewaySecrets, timeoutSeconds: 300 },
  async (caller, input) => {
    const [{ assertRole, reportScope }, report, totals, refunds, days, { compareWithGateway }, { dayRangeMs }, { reportTimeZone }, { gatewayFor }, { cashierNames }] =
      await Promise.all([
        import('../../access/caller'),
        import('../../reports/dailyReport'),
        import('../../reports/dailyTotals'),
        import('../../reports/refundsOfDay'),
        import('../../reports/dayCheckouts'),
        import('../../reports/compare'),
        import('../../reports/dayRange'),
        import('../../shared/timeZone'),
        import('../../pointcheckout/fromParams'),
        import('../../reports/cashierNames'),
      ]);
    assertRole(caller, ['manager'], 'see the end-of-day report');
    const branches = reportScope(caller, input.branchId);
    const zone = reportTimeZone();
    const { startMs, endMs } = dayRangeMs(input.date, zone);
    const [day, refunded, duplicates] = await Promise.all([
      totals.readDailyTotals(input.date, branches, input.mode),
      refunds.refundTotals(startMs, endMs, branches, input.mode),
      days.duplicatePaymentsBetween(startMs, endMs, branches, input.mode),
    ]);
    const shaped = {
      ...report.withCashierNames(report.shapeReport(input.date, zone, branches, day, refunded, input.mode), await cashierNames(Object.keys(day.byCashier))),
      duplicatePayments: { count: duplicates.length, checkoutIds: duplicates },
    };
    if (!input.compareWithGateway) return shaped;
    return { ...shaped, reconciliation: await compareWithGateway(startMs, endMs, branches, gatewayFor, input.mode) };
  },
);
