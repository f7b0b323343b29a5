/**
 * Security: the rules matrix over every collection and every field (refunds and events included), and
 * webhooks with a valid token and signature that claim a status the gateway does not confirm.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { assertFails, assertSucceeds, initializeTestEnvironment, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { expect } from 'chai';
import { collection, collectionGroup, deleteDoc, deleteField, doc, getDoc, getDocs, query, setDoc, setLogLevel, updateDoc, where } from 'firebase/firestore';
import { checkoutDoc, closeSessions, eventsOf, orderId, postWebhook, session, sim } from '../emulators/harness';
import { record } from './report';
import { ACTORS, actorDb, type Actor } from '../support/rules-actors';
import { testTimeout } from '../support/wait';

setLogLevel('silent');

const READERS: Actor[] = ['staff-owner', 'manager'];

// Documents shaped as the functions write them, so that every real field is tried.
const at = new Date('2030-01-01T00:00:00Z');
const DOCS: Record<string, Record<string, unknown>> = {
  'checkouts/c1': {
    orderId: 'O-1', description: null, amount: '10.00', amountMinor: 1000, currency: 'AED', status: 'PAID', qrImage: 'iVBOR',
    checkoutUrl: 'http://x/checkout/k', expiresAt: at, createdBy: 'owner', createdAt: at, updatedAt: at, totalRefunded: '0.00',
    totalRefundedMinor: 0, refundReservedMinor: 0, version: 2,
    gateway: { id: '1234567890123456789', displayId: null, checkoutKey: 'k', requestId: 'c1', firebaseDatabase: null, firebaseCollection: null, firebaseDocument: null },
  },
  'checkouts/c1/events/00000002': { from: 'PENDING', to: 'PAID', source: 'webhook', at, version: 2, inferred: false, totalRefunded: '0.00' },
  'checkouts/c1/refunds/r1': { amount: '1.00', amountMinor: 100, currency: 'AED', note: 'n', by: 'boss', at, gatewayStatus: 'PARTIALLY_REFUNDED', settledAt: at },
  'checkoutClaims/c1': { createdBy: 'owner', payloadHash: 'h', state: 'created', leaseExpiresAt: at },
  'other/x': { a: 1 },
  'checkouts/c1/secret/s1': { a: 1 },
};

describe('reliability: security', function () {
  this.timeout(testTimeout(300_000));
  let env: RulesTestEnvironment;
  let tried = 0;
  let denied = 0;
  let allowed = 0;

  before(async () => {
    const [host, port] = (process.env.FIRESTORE_EMULATOR_HOST ?? '').split(':');
    env = await initializeTestEnvironment({
      projectId: 'demo-rules-reliability',
      firestore: { host: host ?? '127.0.0.1', port: Number(port), rules: readFileSync(resolve(__dirname, '../../firestore.rules'), 'utf8') },
    });
    await env.clearFirestore();
    await env.withSecurityRulesDisabled(async (context) => {
      for (const [path, data] of Object.entries(DOCS)) await setDoc(doc(context.firestore(), path), data);
    });
  });
  after(async () => {
    await env.cleanup();
    await closeSessions();
  });

  const dbOf = (actor: Actor) => actorDb(env, actor);

  async function expectDenied(op: Promise<unknown>) {
    tried += 1;
    await assertFails(op);
    denied += 1;
  }

  it('every actor × every document × every field: reads only as documented, no write of any field', async () => {
    for (const actor of ACTORS) {
      const db = dbOf(actor);
      for (const [path, data] of Object.entries(DOCS)) {
        const readable = path.startsWith('checkouts/c1') && !path.includes('/secret/') && READERS.includes(actor);
        tried += 1;
        if (readable) {
          await assertSucceeds(getDoc(doc(db, path)));
          allowed += 1;
        } else {
          await assertFails(getDoc(doc(db, path)));
          denied += 1;
        }
        const ref = doc(db, path);
        await expectDenied(setDoc(ref, data));
        await expectDenied(setDoc(doc(db, `${path}-new`), data));
        await expectDenied(deleteDoc(ref));
        for (const field of Object.keys(data)) {
          await expectDenied(updateDoc(ref, { [field]: 'forged' }));
          await expectDenied(updateDoc(ref, { [field]: deleteField() }));
        }
        await expectDenied(updateDoc(ref, { extraField: true }));
      }
      // Queries: staff must filter on their own uid; collection-group reads are not open to staff.
      const expectQuery = async (may: boolean, op: Promise<unknown>) => {
        tried += 1;
        if (may) {
          await assertSucceeds(op);
          allowed += 1;
        } else {
          await assertFails(op);
          denied += 1;
        }
      };
      const staffish = actor === 'staff-owner' || actor === 'staff-other';
      const ownUid = actor === 'staff-other' ? 'other' : 'owner';
      await expectQuery(staffish || actor === 'manager', getDocs(query(collection(db, 'checkouts'), where('createdBy', '==', ownUid))));
      await expectQuery(actor === 'manager', getDocs(collection(db, 'checkouts')));
      if (actor !== 'manager') await expectQuery(false, getDocs(collectionGroup(db, 'refunds')));
      for (const sub of ['events', 'refunds']) await expectQuery(READERS.includes(actor), getDocs(collection(db, `checkouts/c1/${sub}`)));
    }
    record({
      scenario: 'security: rules matrix',
      tried: `${ACTORS.length} actors × ${Object.keys(DOCS).length} documents (checkouts, events, refunds, claims, unknown collections) × read, create, set, delete, update and delete of every field; list and group queries`,
      held: `${tried} operations: ${allowed} reads and queries allowed as documented, the other ${denied} denied`,
      ok: allowed + denied === tried,
    });
  });

  it('a webhook with a valid token and signature claiming a status the gateway does not confirm changes nothing', async () => {
    const staff = await session('staff');
    const forged = ['PAID', 'AUTHORIZED', 'REFUNDED', 'PARTIALLY_REFUNDED', 'CANCELLED', 'FAILED', 'EXPIRED'];
    let tries = 0;
    const changed: string[] = [];
    for (const gatewayState of ['PENDING', 'PAID'] as const) {
      const created = await staff.call<{ checkoutId: string }>('createQrCheckout', { orderId: orderId('FORGE'), amount: '25.00', currency: 'AED', qrSize: 64 });
      const gatewayId = (await checkoutDoc(created.checkoutId))?.gateway.id as string;
      if (gatewayState === 'PAID') {
        await sim.move(gatewayId, 'pay', { webhook: false });
        await staff.call('getCheckout', { checkoutId: created.checkoutId });
      }
      const before = await checkoutDoc(created.checkoutId);
      for (const status of forged) {
        const claim = { id: gatewayId, requestId: created.checkoutId, status, totalRefunded: 25, amount: 25, currency: 'AED' };
        const bodies: [string | Record<string, unknown>, string?][] = [
          [claim],
          [{ result: claim }],
          [{ data: claim, checkout: claim }],
          [new URLSearchParams({ id: gatewayId, status, totalRefunded: '25' }).toString(), 'application/x-www-form-urlencoded'],
        ];
        for (const [body, contentType] of bodies) {
          tries += 1;
          const res = await postWebhook(body, contentType ? { contentType } : {});
          if (res.status !== 200 || res.body.outcome !== 'unchanged') changed.push(`${gatewayState}/${status}: ${res.status} ${JSON.stringify(res.body)}`);
        }
      }
      const afterDoc = await checkoutDoc(created.checkoutId);
      if (afterDoc?.status !== before?.status || afterDoc?.version !== before?.version || afterDoc?.totalRefunded !== before?.totalRefunded) {
        changed.push(`${gatewayState}: document changed to ${afterDoc?.status}/${afterDoc?.totalRefunded}`);
      }
      const events = await eventsOf(created.checkoutId);
      if (events.length !== before?.version) changed.push(`${gatewayState}: ${events.length} events`);
    }
    record({
      scenario: 'security: forged webhook status',
      tried: `${tries} validly signed webhooks claiming ${forged.length} statuses the gateway does not confirm (JSON, wrapped, form), on a PENDING and a PAID checkout`,
      held: changed.length === 0 ? 'every one answered 200 "unchanged"; status, total and events untouched' : changed.join('; '),
      ok: changed.length === 0,
    });
    expect(changed).to.deep.equal([]);
  });
});
