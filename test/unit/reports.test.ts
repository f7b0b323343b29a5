/** The pure parts of the end-of-day report: days in a time zone, shard sums, the report's shape, CSV cells. */
import { expect } from 'chai';
import { dayAndHour } from '../../functions/src/reports/aggregates';
import { csvCell, csvLine } from '../../functions/src/reports/csv';
import { shapeReport, sumShards, withCashierNames } from '../../functions/src/reports/dailyReport';
import { dayRangeMs, gatewayTimestamp } from '../../functions/src/reports/dayRange';

describe('report days and hours', () => {
  it('counts a checkout in the day and hour it was created in the report time zone', () => {
    expect(dayAndHour(Date.parse('2026-12-03T21:30:00Z'), 'Asia/Dubai')).to.deep.equal({ day: '2026-12-04', hour: 1 });
    expect(dayAndHour(Date.parse('2026-12-03T21:30:00Z'), 'UTC')).to.deep.equal({ day: '2026-12-03', hour: 21 });
  });

  it('knows when a day starts and ends, daylight saving included', () => {
    expect(dayRangeMs('2026-12-04', 'Asia/Dubai')).to.deep.equal({ startMs: Date.parse('2026-12-03T20:00:00Z'), endMs: Date.parse('2026-12-04T20:00:00Z') });
    const spring = dayRangeMs('2026-03-29', 'Europe/London'); // clocks go forward: a 23-hour day
    expect((spring.endMs - spring.startMs) / 3_600_000).to.equal(23);
    expect(gatewayTimestamp(Date.parse('2026-12-03T20:00:00.123Z'))).to.equal('2026-12-03 20:00:00');
  });
});

describe('report totals', () => {
  it('sums shards and shapes paid, refunded and net per currency, per cashier and per hour', () => {
    const shard = (n: number) => ({
      byStatus: { PAID: { AED: { count: n, amountMinor: n * 1000 } }, PENDING: { AED: { count: 1, amountMinor: 500 } }, EXPIRED: { KWD: { count: 1, amountMinor: 1250 } } },
      byCashier: { u1: { PAID: { AED: { count: n, amountMinor: n * 1000 } } } },
      byHour: { '09': { PAID: { AED: { count: n, amountMinor: n * 1000 } } } },
      refunds: { AED: { count: 1, amountMinor: 300 } },
    });
    const report = shapeReport('2026-12-03', 'Asia/Dubai', null, sumShards([shard(2), shard(3)]));
    expect(report).to.include({ checkouts: 9, open: 2, expired: 2 });
    expect(report.byCurrency.AED).to.deep.equal({ checkouts: 7, created: '60.00', paid: '50.00', refunded: '6.00', net: '44.00' });
    expect(report.byCurrency.KWD).to.deep.equal({ checkouts: 2, created: '2.500', paid: '0.000', refunded: '0.000', net: '0.000' });
    expect(report.byCashier.u1).to.deep.equal({ checkouts: 5, paid: { AED: { count: 5, amount: '50.00' } } });
    expect(report.paidByHour[9]).to.deep.equal({ hour: 9, paid: { AED: { count: 5, amount: '50.00' } }, checkouts: 5 });
    expect(report.byStatus.FAILED).to.deep.equal({});
    const named = withCashierNames(report, { u1: 'Sara', gone: 'Nobody' });
    expect(named.byCashier).to.deep.equal({ u1: { checkouts: 5, paid: { AED: { count: 5, amount: '50.00' } }, name: 'Sara' } });
    expect(withCashierNames(report, {}).byCashier.u1).to.not.have.property('name');
  });
});

describe('CSV cells', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(csvCell('plain')).to.equal('plain');
    expect(csvCell('a,b')).to.equal('"a,b"');
    expect(csvCell('say "hi"')).to.equal('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).to.equal(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-5')).to.equal("'-5");
    expect(csvCell(null)).to.equal('');
    expect(csvLine(['a', 1, null])).to.equal('a,1,\r\n');
  });
});
