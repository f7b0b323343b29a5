/** The pure parts of the end-of-day report: days in a time zone, shard sums, the report's shape, CSV cells. */
import { expect } from 'chai';
import { dayAndHour } from '../../functions/src/transition/aggregates';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NO_BRANCH, shardId } from '../../functions/src/transition/aggregates';
import { csvCell, csvLine } from '../../functions/src/exports/csv';
import { shapeReport, withCashierNames } from '../../functions/src/reports/dailyReport';
import { sumShards } from '../../functions/src/reports/dailyTotals';
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
      chargebacks: { AED: { count: 1, amountMinor: 200 } },
    });
    const refunds = { byCurrency: { AED: { count: 2, amountMinor: 600 } }, bySource: { ours: { AED: { count: 2, amountMinor: 600 } } } };
    const report = shapeReport('2026-12-03', 'Asia/Dubai', null, sumShards([shard(2), shard(3)]), refunds);
    expect(report).to.include({ checkouts: 9, open: 2, expired: 2 });
    expect(report.byCurrency.AED).to.deep.equal({ checkouts: 7, created: '60.00', paid: '50.00', refunded: '6.00', chargebacks: '4.00', net: '40.00' });
    expect(report.byCurrency.KWD).to.deep.equal({ checkouts: 2, created: '2.500', paid: '0.000', refunded: '0.000', chargebacks: '0.000', net: '0.000' });
    expect(report.chargebacks).to.deep.equal({ AED: { count: 2, amount: '4.00' } });
    expect(report).to.include({ mode: 'live' });
    expect(report.warnings).to.deep.equal([]);
    expect(report.byCashier.u1).to.deep.equal({ checkouts: 5, paid: { AED: { count: 5, amount: '50.00' } } });
    expect(report.paidByHour[9]).to.deep.equal({ hour: 9, paid: { AED: { count: 5, amount: '50.00' } }, checkouts: 5 });
    expect(report.byStatus.FAILED).to.deep.equal({});
    const named = withCashierNames(report, { u1: 'Sara', gone: 'Nobody' });
    expect(named.byCashier).to.deep.equal({ u1: { checkouts: 5, paid: { AED: { count: 5, amount: '50.00' } }, name: 'Sara' } });
    expect(withCashierNames(report, {}).byCashier.u1).to.not.have.property('name');
  });
});

describe('report cells that went negative', () => {
  it('are reported as they are, each with a warning, and never throw', () => {
    const totals = sumShards([{ byStatus: { PAID: { AED: { count: -1, amountMinor: -2500 } } }, byCashier: { u1: { PAID: { AED: { count: -1, amountMinor: -2500 } } } } }]);
    const report = shapeReport('2026-12-03', 'Asia/Dubai', ['b1'], totals, undefined, 'test');
    expect(report.byStatus.PAID).to.deep.equal({ AED: { count: -1, amount: '-25.00' } });
    expect(report.byCurrency.AED).to.include({ paid: '-25.00', net: '-25.00' });
    expect(report.warnings.map((w) => w.cell)).to.include.members(['byStatus.PAID.AED', 'byCashier.u1.paid.AED', 'checkouts']);
    expect(report.warnings.every((w) => /rebuild/.test(w.reason))).to.equal(true);
  });
});

describe('report shard keys', () => {
  it('keep modes apart, and the no-branch key is outside every branch id', () => {
    expect(shardId('live', 'b1', 3)).to.equal('live.b1.3');
    expect(shardId('test', null, 0)).to.equal(`test.${NO_BRANCH}.0`);
    for (const branch of ['_', '-', '__', 'a_b']) expect(shardId('live', branch, 0)).to.not.equal(shardId('live', null, 0));
    expect(/^[A-Za-z0-9_-]{1,40}$/.test(NO_BRANCH)).to.equal(false);
  });
});

describe('indexes for the scoped report and export queries', () => {
  it('exist in firestore.indexes.json', () => {
    const config = JSON.parse(readFileSync(join(__dirname, '../../firestore.indexes.json'), 'utf8')) as {
      indexes: { collectionGroup: string; queryScope: string; fields: { fieldPath: string; order: string }[] }[];
      fieldOverrides: { collectionGroup: string; fieldPath: string; indexes: { queryScope: string }[] }[];
    };
    const has = (group: string, scope: string, fields: string[]) =>
      config.indexes.some((i) => i.collectionGroup === group && i.queryScope === scope && i.fields.map((f) => `${f.fieldPath} ${f.order}`).join() === fields.join());
    expect(has('checkouts', 'COLLECTION', ['branchId ASCENDING', 'createdAt ASCENDING'])).to.equal(true);
    expect(has('checkouts', 'COLLECTION', ['duplicatePayment ASCENDING', 'branchId ASCENDING', 'createdAt ASCENDING'])).to.equal(true);
    expect(has('checkouts', 'COLLECTION', ['duplicatePayment ASCENDING', 'createdAt ASCENDING'])).to.equal(true);
    expect(has('refunds', 'COLLECTION_GROUP', ['branchId ASCENDING', 'at ASCENDING'])).to.equal(true);
    const at = config.fieldOverrides.find((o) => o.collectionGroup === 'refunds' && o.fieldPath === 'at');
    expect(at?.indexes.some((i) => i.queryScope === 'COLLECTION_GROUP')).to.equal(true);
  });
});

describe('CSV cells', () => {
  // OWASP's CSV injection payloads: none may start a formula in any piece a spreadsheet splits the cell into.
  const OWASP = [
    '=cmd|\' /C calc\'!A0', '=HYPERLINK("http://evil.example","click")', '+SUM(1+1)', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0',
    '=1+2";=1+2', '=1+2\'" ;,=1+2', '\t=1+2', '\r=1+2', 'ok;=1+2', 'ok,  -1+2', 'ok\t@SUM(1)', 'ok\n+1', ' =1+2', '=10+20,=SUM(A1)',
  ];
  it('defuse every OWASP payload, at the start and after any separator', () => {
    for (const payload of OWASP) {
      const cell = csvCell(payload);
      for (const separator of [',', ';', '\t', '\r', '\n']) {
        for (const piece of cell.split(separator)) {
          const text = piece.replace(/^"/, '').replace(/^[ \t\r\n]+/, '');
          expect(/^[=+\-@]/.test(text), `${JSON.stringify(payload)} → ${JSON.stringify(cell)}: piece ${JSON.stringify(piece)}`).to.equal(false);
        }
      }
    }
  });

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
