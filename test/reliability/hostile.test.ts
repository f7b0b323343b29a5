/**
 * Hostile input, property-based (fast-check): every callable's data and the webhook's body, headers and query.
 * Only invalid-argument / 4xx answers, never internal / 5xx, and nothing written. Sent as raw HTTP, so keys
 * such as `__proto__` reach the functions exactly as an attacker would send them.
 */
import { createHmac } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { expect } from 'chai';
import fc from 'fast-check';
import { getAuth } from 'firebase/auth';
import { closeSessions, eventually, FUNCTIONS_URL, session, WEBHOOK_HMAC_KEY, WEBHOOK_TOKEN, WEBHOOK_URL, type Session } from '../emulators/harness';
import { cardNumbersIn } from './card-scan';
import { record } from './report';
import { SEED, sizes } from './scale';
import { writeCounts } from './support';
import { testTimeout } from '../support/wait';

// A JSON tree whose object keys include the dangerous ones; objects are built with defineProperty so that a
// `__proto__` key is an own, serialised field (as JSON.parse would produce it), not a prototype change.
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', '@type', 'toString', 'hasOwnProperty', 'valueOf', '$where'];
const key = fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 12 }));
const CARD = '4242424242424242';
const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '0', '-1', '1e309', '100.001', 'NaN', CARD, `card ${CARD}`, '../../etc/passwd', '<script>', '{"a":1}', 'x'.repeat(300)),
);
function objectOf(pairs: [string, unknown][]): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  for (const [k, v] of pairs) Object.defineProperty(obj, k, { value: v, enumerable: true, configurable: true, writable: true });
  return obj;
}
const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('tree')), { maxLength: 5 }).map(objectOf),
  ),
}));
/** Adds at least one key no schema knows (the hostile ones included), so the data can never be valid. */
const withHostileKey = (base: fc.Arbitrary<Record<string, unknown>>) =>
  fc.tuple(base, fc.array(fc.tuple(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ minLength: 1, maxLength: 8 }).map((s) => `x-${s}`)), tree), { minLength: 1, maxLength: 3 }))
    .map(([b, extra]) => objectOf([...Object.entries(b), ...extra]));
const wrongType = fc.oneof(fc.constant(null), fc.boolean(), fc.array(tree, { maxLength: 2 }), fc.array(fc.tuple(key, tree), { maxLength: 2 }).map(objectOf));
const validCreate = fc.record({
  orderId: fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/),
  amount: fc.constantFrom('1.00', '10', 5, '0.500'),
  currency: fc.constantFrom('AED', 'KWD', 'USD'),
  description: fc.string({ minLength: 1, maxLength: 40 }),
});
const idLike = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), fc.string({ maxLength: 140 }), wrongType);

/** Data per callable: never valid (a required field of the wrong type, an unknown key, or junk). */
const CALLABLES: { name: string; role: 'staff' | 'manager'; allowed: string[]; data: fc.Arbitrary<unknown> }[] = [
  {
    name: 'createQrCheckout',
    role: 'staff',
    allowed: ['INVALID_ARGUMENT'],
    data: fc.oneof(
      tree.filter((t) => t !== null && t !== undefined),
      withHostileKey(validCreate),
      fc.tuple(validCreate, fc.constantFrom('orderId', 'amount', 'currency'), wrongType).map(([v, field, bad]) => objectOf([...Object.entries(v), [field, bad]])),
    ),
  },
  ...(['getCheckout', 'cancelCheckout'] as const).map((name) => ({
    name,
    role: 'staff' as const,
    allowed: ['INVALID_ARGUMENT', 'NOT_FOUND'],
    data: fc.oneof(tree.filter((t) => t !== null && t !== undefined), fc.record({ checkoutId: idLike }), withHostileKey(fc.record({ checkoutId: idLike }))),
  })),
  {
    name: 'refundCheckout',
    role: 'manager',
    allowed: ['INVALID_ARGUMENT', 'NOT_FOUND'],
    data: fc.oneof(
      tree.filter((t) => t !== null && t !== undefined),
      fc.record({ checkoutId: idLike, note: fc.oneof(fc.string({ maxLength: 300 }), wrongType), amount: fc.oneof(scalar, wrongType) }, { requiredKeys: ['checkoutId'] }),
      withHostileKey(fc.record({ checkoutId: idLike, note: fc.string() })),
    ),
  },
  {
    name: 'reconcileNow',
    role: 'manager',
    allowed: ['INVALID_ARGUMENT'],
    // `{}` (and null, read as `{}`) is the valid input; anything with a field or of another type is not.
    data: fc.oneof(withHostileKey(fc.constant({})), fc.oneof(fc.boolean(), fc.integer(), fc.string(), fc.array(tree, { maxLength: 3 }))),
  },
];

async function callRaw(name: string, idToken: string, body: string): Promise<{ status: number; code: string }> {
  const res = await fetch(`${FUNCTIONS_URL}/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${idToken}` },
    body,
  });
  const text = await res.text();
  let code = 'OK';
  try {
    code = (JSON.parse(text) as { error?: { status?: string } }).error?.status ?? 'OK';
  } catch {
    code = `unparsable ${text.slice(0, 60)}`;
  }
  return { status: res.status, code };
}

describe('reliability: hostile input', function () {
  this.timeout(testTimeout(600_000));
  const tokens: Partial<Record<'staff' | 'manager', string>> = {};
  let staff: Session;

  before(async () => {
    staff = await session('staff');
    const manager = await session('manager');
    tokens.staff = await getAuth(staff.app).currentUser?.getIdToken();
    tokens.manager = await getAuth(manager.app).currentUser?.getIdToken();
  });
  after(closeSessions);

  for (const callable of CALLABLES) {
    it(`${callable.name}: ${sizes.propertyRuns} hostile inputs → ${callable.allowed.join('/')} only, nothing written`, async () => {
      const before = await writeCounts();
      const seen = new Map<string, number>();
      let failure: string | null = null;
      try {
        await fc.assert(
          fc.asyncProperty(callable.data, async (data) => {
            const res = await callRaw(callable.name, tokens[callable.role] ?? '', `{"data":${JSON.stringify(data)}}`);
            seen.set(res.code, (seen.get(res.code) ?? 0) + 1);
            return res.status >= 400 && res.status < 500 && callable.allowed.includes(res.code);
          }),
          { numRuns: sizes.propertyRuns, seed: SEED, endOnFailure: true },
        );
      } catch (error) {
        failure = (error as Error).message.split('\n').slice(0, 4).join(' ');
      }
      const after = await writeCounts();
      record({
        scenario: `hostile input: ${callable.name}`,
        tried: `${sizes.propertyRuns} fast-check inputs (junk, __proto__/constructor/@type keys, wrong types, unknown fields)`,
        held: `answers ${JSON.stringify(Object.fromEntries(seen))}; writes ${JSON.stringify(before) === JSON.stringify(after) ? 'none' : 'SOME'}${failure ? `; ${failure}` : ''}`,
        ok: !failure && JSON.stringify(before) === JSON.stringify(after),
      });
      expect(failure).to.equal(null);
      expect(after).to.deep.equal(before);
    });
  }

  const sign = (body: string) => createHmac('sha256', WEBHOOK_HMAC_KEY).update(body).digest('hex');
  const webhookCase = fc.record({
    // Weighted so that most requests get past the token and signature checks and reach the body parsing.
    method: fc.oneof({ arbitrary: fc.constant('POST'), weight: 12 }, fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH')),
    token: fc.oneof(
      { arbitrary: fc.constant<string | null>(WEBHOOK_TOKEN), weight: 6 },
      fc.constant(null),
      fc.string({ maxLength: 40 }),
      fc.constant(`${WEBHOOK_TOKEN} `),
    ),
    extraQuery: fc.array(fc.tuple(fc.oneof(fc.constantFrom('token', '__proto__', 'constructor'), fc.string({ maxLength: 8 })), fc.string({ maxLength: 20 })), { maxLength: 3 }),
    contentType: fc.oneof(
      fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/json; charset=utf-16', 'multipart/form-data', 'application/octet-stream'),
      fc.stringMatching(/^[\x20-\x7e]{0,40}$/),
    ),
    signature: fc.oneof({ arbitrary: fc.constant('valid'), weight: 6 }, fc.constant('none'), fc.stringMatching(/^[0-9a-f]{64}$/), fc.stringMatching(/^[\x21-\x7e]{0,80}$/)),
    headers: fc.array(fc.tuple(fc.stringMatching(/^x-[a-z0-9-]{1,12}$/), fc.stringMatching(/^[\x20-\x7e]{0,60}$/)), { maxLength: 3 }),
    body: fc.oneof(
      tree.map((t) => JSON.stringify(t) ?? ''),
      fc.string({ maxLength: 200 }),
      fc.array(fc.tuple(key, fc.oneof(fc.string({ maxLength: 30 }), fc.constant(CARD))), { maxLength: 4 }).map((pairs) => new URLSearchParams(pairs).toString()),
      fc.record({ id: fc.oneof(fc.stringMatching(/^\d{1,30}$/), scalar), requestId: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), scalar), status: fc.constantFrom('PAID', 'REFUNDED'), cardNumber: fc.constant(CARD) }, { requiredKeys: [] }).map((r) => JSON.stringify(r)),
      fc.tuple(fc.constantFrom('__proto__', 'constructor', 'result', 'data'), fc.stringMatching(/^\d{1,19}$/)).map(([k, id]) => `{"${k}":{"id":"${id}","prototype":{"id":"${id}"}}}`),
    ),
  });

  it(`pointcheckoutWebhook: ${sizes.propertyRuns} hostile requests → 4xx (or 200 for an id we do not know), never 5xx, nothing written`, async () => {
    const before = await writeCounts();
    const seen = new Map<number, number>();
    let failure: string | null = null;
    try {
      await fc.assert(
        fc.asyncProperty(webhookCase, async (c) => {
          const query = new URLSearchParams();
          if (c.token !== null) query.append('token', c.token);
          for (const [k, v] of c.extraQuery) query.append(k, v);
          const headers: Record<string, string> = Object.fromEntries(c.headers);
          if (c.contentType) headers['content-type'] = c.contentType;
          if (c.signature !== 'none') headers['X-PointCheckout-Signature'] = c.signature === 'valid' ? sign(c.body) : c.signature;
          const res = await fetch(`${WEBHOOK_URL}?${query.toString()}`, {
            method: c.method,
            headers,
            body: c.method === 'GET' ? undefined : c.body,
          });
          await res.arrayBuffer();
          seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
          return res.status < 500 && (res.status >= 400 || res.status === 200);
        }),
        { numRuns: sizes.propertyRuns, seed: SEED, endOnFailure: true },
      );
    } catch (error) {
      failure = (error as Error).message.split('\n').slice(0, 4).join(' ');
    }
    const after = await writeCounts();
    record({
      scenario: 'hostile input: webhook',
      tried: `${sizes.propertyRuns} fast-check requests (methods, tokens, query, content types, signatures, headers, bodies)`,
      held: `answers ${JSON.stringify(Object.fromEntries(seen))}; writes ${JSON.stringify(before) === JSON.stringify(after) ? 'none' : 'SOME'}${failure ? `; ${failure}` : ''}`,
      ok: !failure && JSON.stringify(before) === JSON.stringify(after),
    });
    expect(failure).to.equal(null);
    expect(after).to.deep.equal(before);
  });

  // The fast-check run meets these only on some seeds: a card number where a webhook carries its ids, signed,
  // so it passes every check and is logged as an unknown checkout. The log scan (zz-log-scan) must find none.
  it('signed webhooks carrying card numbers as ids: acknowledged as unknown, nothing written, the card never logged', async () => {
    const before = await writeCounts();
    const spaced = CARD.replace(/(\d{4})(?=\d)/g, '$1 ');
    const bodies = [
      JSON.stringify({ id: CARD }),
      JSON.stringify({ requestId: CARD }),
      JSON.stringify({ id: `1${CARD}`, requestId: `x${CARD}` }),
      JSON.stringify({ result: { checkoutId: Number(CARD) } }),
      new URLSearchParams({ id: CARD, cardNumber: spaced }).toString(),
    ];
    const answers: string[] = [];
    for (const body of bodies) {
      const res = await fetch(`${WEBHOOK_URL}?token=${encodeURIComponent(WEBHOOK_TOKEN)}`, {
        method: 'POST',
        headers: { 'content-type': body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded', 'X-PointCheckout-Signature': sign(body) },
        body,
      });
      answers.push(`${res.status} ${(await res.text()).slice(0, 60)}`);
    }
    const after = await writeCounts();
    record({
      scenario: 'hostile input: card numbers as webhook ids',
      tried: `${bodies.length} signed webhooks whose id or requestId is a card number (alone, glued to other characters, as a number, form-encoded)`,
      held: `answers ${answers.map((a) => a.split(' ')[0]).join(', ')}; writes ${JSON.stringify(before) === JSON.stringify(after) ? 'none' : 'SOME'}; the log scan checks the card was masked`,
      ok: answers.every((a) => a.startsWith('200')) && JSON.stringify(before) === JSON.stringify(after),
    });
    expect(answers.map((a) => a.split(' ')[0])).to.deep.equal(bodies.map(() => '200'));
    expect(after).to.deep.equal(before);
  });

  // The framework's JSON parser (body-parser, before any function code runs) refuses these with a SyntaxError whose
  // message quotes the body, and express prints it. The fast-check run met one on some seeds (a bare JSON string
  // of the test card); here every run sends them to every kind of HTTP function and reads the log that follows.
  it('JSON bodies that are not objects, or not JSON, carrying a card: refused, and the card never reaches a log', async () => {
    const logPath = process.env.STACK_LOG_PATH;
    if (!logPath) throw new Error('STACK_LOG_PATH is not set: run through scripts/stack.mjs');
    const logStart = statSync(logPath).size;
    const spaced = CARD.replace(/(\d{4})(?=\d)/g, '$1 ');
    const refusedByParser = [
      JSON.stringify(CARD),
      CARD,
      JSON.stringify(spaced),
      JSON.stringify(CARD.replace(/(\d{4})(?=\d)/g, '$1-')),
      `${CARD}x`,
      `-${CARD}`,
      `"${CARD}`,
      `{"cardNumber":"${CARD}"x}`,
      `{"cardNumber":${CARD},}`,
      JSON.stringify('4000000000000002'),
    ];
    // Valid JSON, so they pass the parser and reach the functions (and the callable envelope check) as they are.
    const parsed = [`[${CARD}]`, `[${JSON.stringify(spaced)}]`, `{"cardNumber":"${CARD}"}`, `{"data":{},"${CARD}":1}`];
    const targets: { name: string; url: string; headers: (body: string) => Record<string, string> }[] = [
      { name: 'webhook', url: `${WEBHOOK_URL}?token=${encodeURIComponent(WEBHOOK_TOKEN)}`, headers: (body) => ({ 'X-PointCheckout-Signature': sign(body) }) },
      { name: 'exportCheckouts', url: `${FUNCTIONS_URL}/exportCheckouts?from=2026-01-01`, headers: () => ({ authorization: `Bearer ${tokens.manager ?? ''}` }) },
      { name: 'createQrCheckout', url: `${FUNCTIONS_URL}/createQrCheckout`, headers: () => ({ authorization: `Bearer ${tokens.staff ?? ''}` }) },
      // A task function: Cloud Tasks alone can call it once deployed, but it parses and validates like a callable.
      { name: 'reconcileShard', url: `${FUNCTIONS_URL}/reconcileShard`, headers: () => ({}) },
    ];
    const answers: string[] = [];
    for (const target of targets) {
      for (const body of [...refusedByParser, ...parsed]) {
        const res = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', ...target.headers(body) }, body });
        await res.arrayBuffer();
        answers.push(`${target.name} ${res.status}`);
      }
    }
    // Every refusal by the parser prints one SyntaxError: wait until all have reached the stack log, then read it.
    const expected = targets.length * refusedByParser.length;
    const printed = await eventually(async () => {
      const text = readFileSync(logPath).subarray(logStart).toString('utf8');
      return (text.match(/SyntaxError: /g) ?? []).length >= expected && text;
    }, `${expected} SyntaxError lines in the stack log`);
    const cards = printed.split('\n').flatMap((line) => cardNumbersIn(line).map((card) => `${card.slice(-4)}: ${line.slice(0, 120)}`));
    record({
      scenario: 'hostile input: non-object JSON bodies',
      tried: `${refusedByParser.length + parsed.length} bodies (a card as a JSON string, number, spaced, glued, in invalid JSON, in an array) to ${targets.map((t) => t.name).join(', ')}`,
      held: `answers ${[...new Set(answers)].join(', ')}; ${cards.length === 0 ? 'no card in the log' : `${cards.length} log lines with a card`}`,
      ok: answers.every((a) => /\s4\d\d$/.test(a)) && cards.length === 0,
    });
    expect(answers.filter((a) => !/\s4\d\d$/.test(a))).to.deep.equal([]);
    expect(cards).to.deep.equal([]);
  });

  it('bodies over 100 kB are refused (413), signed or not, and nothing is written', async () => {
    const before = await writeCounts();
    const answers: number[] = [];
    for (const size of [100_001, 1_000_000, 5_000_000]) {
      const body = JSON.stringify({ id: '1', pad: 'x'.repeat(size) });
      for (const signed of [true, false]) {
        const res = await fetch(`${WEBHOOK_URL}?token=${encodeURIComponent(WEBHOOK_TOKEN)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(signed ? { 'X-PointCheckout-Signature': sign(body) } : {}) },
          body,
        });
        await res.arrayBuffer();
        answers.push(res.status);
      }
    }
    // Callable data that firebase-functions would mis-decode: refused by our guard, not answered with internal.
    const deep = `{"data":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const typed = '{"data":{"@type":"type.googleapis.com/google.protobuf.Int64Value","value":"x"}}';
    const proto = '{"data":{"__proto__":{"orderId":"PROTO-1","amount":"1.00","currency":"AED"}}}';
    const callables = await Promise.all([deep, typed, proto].map((body) => callRaw('createQrCheckout', tokens.staff ?? '', body)));
    const after = await writeCounts();
    const ok = answers.every((s) => s === 413) && callables.every((c) => c.status === 400) && JSON.stringify(after) === JSON.stringify(before);
    record({
      scenario: 'hostile input: oversized and mis-decoded',
      tried: 'webhook bodies of 100 001 B, 1 MB and 5 MB (signed and unsigned); callable data 5000 levels deep, with @type, with __proto__',
      held: `webhook ${answers.join(', ')}; callables ${callables.map((c) => `${c.status} ${c.code}`).join(', ')}; writes ${JSON.stringify(before) === JSON.stringify(after) ? 'none' : 'SOME'}`,
      ok,
    });
    expect(answers).to.deep.equal(answers.map(() => 413));
    expect(callables.map((c) => c.code)).to.deep.equal(['INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'INVALID_ARGUMENT']);
    expect(after).to.deep.equal(before);
    // And after all of it, the prototype of the functions' objects is untouched: a normal create is normal.
    const created = await staff.call<Record<string, unknown>>('createQrCheckout', { orderId: `PROTO-CHECK-${Date.now()}`, amount: '1.00', currency: 'AED', qrSize: 64 });
    expect(Object.keys(created).sort()).to.deep.equal(['account', 'amount', 'branchId', 'checkoutId', 'checkoutUrl', 'currency', 'expiresAt', 'mode', 'qrImage', 'status']);
    expect(created.status).to.equal('PENDING');
  });
});
