/**
 * 2. A probe checkout: create a QR checkout for the smallest amount (requestId and orderId `go-live-…`), read it
 * back, cancel it. Every answer is judged against our wire schemas (fail: the functions could not read it) and
 * the vendor's OpenAPI spec (warn: fields, statuses or shapes the documents never showed are listed).
 */
import { randomBytes } from 'node:crypto';
import { validateExchange } from '../../../test/contract/exchanges';
import { OpenApiSpec, PAYMENNT_2026, POINTCHECKOUT_2022 } from '../../../test/contract/openapi';
import { unknownStatuses, wireViolations } from '../../../test/contract/wire-check';
import type { CheckContext } from '../context';
import { goLive } from '../fixes';
import { GatewayDownError, type GatewayAnswer } from '../gateway';
import type { Row } from '../report';

export const PROBE_CURRENCY = 'AED';
/** One fils: the smallest amount of the currency. */
export const PROBE_AMOUNT = 0.01;

export function specOf(family: 'pointcheckout' | 'paymennt'): { spec: OpenApiSpec; name: string } {
  return family === 'paymennt'
    ? { spec: OpenApiSpec.load(PAYMENNT_2026), name: 'paymennt-v2.0-2026-03' }
    : { spec: OpenApiSpec.load(POINTCHECKOUT_2022), name: 'pointcheckout-v2.0-2022-02' };
}

class ProbeFailed extends Error {}

export async function checkProbe(ctx: CheckContext): Promise<Row> {
  const { spec, name } = specOf(ctx.setup.headerFamily);
  const failures: string[] = [];
  const warnings: string[] = [];
  const judge = (answer: GatewayAnswer, step: string): Record<string, unknown> => {
    const exchange = ctx.gateway.lastExchange();
    if (!answer.envelope?.success || answer.status >= 300) {
      throw new ProbeFailed(`${step} was refused: HTTP ${answer.status}${answer.envelope?.error ? ` "${answer.envelope.error}"` : ''}`);
    }
    failures.push(...(exchange ? wireViolations(exchange) : []));
    for (const status of exchange ? unknownStatuses(exchange) : []) warnings.push(`${step}: status ${status} is not one our state machine knows (noted in gatewayStatus, never applied)`);
    warnings.push(...(exchange ? validateExchange(exchange, spec).map((v) => `${step}: ${v}`) : []));
    return (answer.envelope.result ?? {}) as Record<string, unknown>;
  };
  const requestId = `go-live-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  let id: string | undefined;
  try {
    const create = { requestId, orderId: requestId, currency: PROBE_CURRENCY, amount: PROBE_AMOUNT, description: 'go-live check (cancelled at once)', expiresIn: 5 };
    const created = judge(await ctx.gateway.request('POST', 'checkout/qr', create), 'create');
    id = String(created.id ?? '');
    if (!/^\d{1,30}$/.test(id)) throw new ProbeFailed(`create answered without a usable checkout id`);
    const read = judge(await ctx.gateway.request('GET', `checkout/${id}`), 'read back');
    for (const [field, expected] of Object.entries({ requestId, orderId: requestId, currency: PROBE_CURRENCY })) {
      if (read[field] !== expected) failures.push(`read back: ${field} is ${JSON.stringify(read[field])}, we sent ${JSON.stringify(expected)}`);
    }
    if (Number(read.amount) !== PROBE_AMOUNT) failures.push(`read back: amount is ${JSON.stringify(read.amount)}, we sent ${PROBE_AMOUNT}`);
    const cancelled = judge(await ctx.gateway.request('POST', `checkout/${id}/cancel`), 'cancel');
    if (cancelled.status !== 'CANCELLED') warnings.push(`cancel: answered status ${JSON.stringify(cancelled.status)}, not CANCELLED`);
  } catch (error) {
    if (!(error instanceof ProbeFailed || error instanceof GatewayDownError)) throw error;
    const open = id ? ` (probe checkout ${id} may stay open until it expires in 5 minutes)` : '';
    return { check: 'probe', status: 'fail', seen: `${error.message}${open}`, fix: ctx.rerun, details: [...failures, ...warnings] };
  }
  const done = `created checkout ${id} (${PROBE_CURRENCY} ${PROBE_AMOUNT}, requestId ${requestId}), read it back, cancelled it`;
  if (failures.length > 0) {
    return {
      check: 'probe',
      status: 'fail',
      seen: `${done}; our functions could not read ${failures.length} part(s) of the answers`,
      fix: `${goLive(ctx.setup, '--record go-live.json')} and send go-live.json to us (npm run test:contract -- --replay go-live.json shows the same)`,
      details: [...failures, ...warnings],
    };
  }
  if (warnings.length > 0) {
    return {
      check: 'probe',
      status: 'warn',
      seen: `${done}; our functions read every answer, but ${warnings.length} thing(s) are not in ${name}`,
      fix: `${goLive(ctx.setup, '--record go-live.json')} and send go-live.json to us`,
      details: warnings,
    };
  }
  return { check: 'probe', status: 'pass', seen: `${done}: 3 answers valid against our wire schemas and ${name}` };
}
