/**
 * Runs last in the emulator suite (files run in alphabetical order): every exchange the simulator recorded
 * while the whole suite ran (our functions' gateway calls, the stack's webhook registration, the tests' own
 * API calls) must conform to the vendor's OpenAPI specs. Needs the stack's simulator started with
 * SIMULATOR_RECORD=1; nothing before this file may reset the simulator (POST /_sim/reset clears the record).
 */
import { expect } from 'chai';
import { validateExchanges, type RecordedExchange } from '../contract/exchanges';
import { OpenApiSpec, PAYMENNT_2026 } from '../contract/openapi';

/** The suite makes hundreds of gateway calls; fewer than this means recording missed most of them. */
const MIN_EXCHANGES = 50;

describe('zz contract: all simulator traffic of the emulator suite against the vendor OpenAPI specs', () => {
  let exchanges: RecordedExchange[];

  before(async () => {
    const base = process.env.POINTCHECKOUT_SIMULATOR_URL;
    if (!base) throw new Error('POINTCHECKOUT_SIMULATOR_URL is not set: run this suite through `npm run exec -- "npm run test:emulators"`');
    const res = await fetch(`${base}/_sim/exchanges`);
    expect(res.status, 'GET /_sim/exchanges').to.equal(200);
    const body = (await res.json()) as { recording?: boolean; dropped?: number; exchanges: RecordedExchange[] };
    expect(body.recording, 'the simulator must run with SIMULATOR_RECORD=1 for this check').to.equal(true);
    expect(body.dropped ?? 0, 'exchanges dropped by the recorder cap').to.equal(0);
    exchanges = body.exchanges;
  });

  it(`recorded at least ${MIN_EXCHANGES} exchanges`, () => {
    expect(exchanges.length).to.be.at.least(MIN_EXCHANGES);
  });

  for (const [name, file] of [
    ['pointcheckout 2022-02', undefined],
    ['paymennt 2026-03', PAYMENNT_2026],
  ] as const) {
    it(`every recorded request and response conforms to the ${name} spec`, () => {
      const violations = validateExchanges(exchanges, OpenApiSpec.load(file));
      const shown = violations.slice(0, 200).join('\n');
      expect(violations, `${violations.length} violations in ${exchanges.length} exchanges:\n${shown}`).to.deep.equal([]);
    });
  }
});
