/**
 * The security rules as a role-by-operation matrix (@firebase/rules-unit-testing). Runs against the
 * emulator's Firestore under its own project id, so clearing data never touches the other suites.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestEnvironment,
} from '@firebase/rules-unit-testing';
import { collection, deleteDoc, doc, getDoc, getDocs, query, setDoc, setLogLevel, updateDoc, where } from 'firebase/firestore';
import { ACTORS, actorDb, type Actor } from '../support/rules-actors';

// Denied writes are the point of this suite; keep the SDK from logging each one as a warning.
setLogLevel('silent');

const [host, port] = (process.env.FIRESTORE_EMULATOR_HOST ?? '').split(':');
if (!host || !port) throw new Error('FIRESTORE_EMULATOR_HOST is not set: run through `npm run exec`');


describe('firestore.rules', () => {
  let env: RulesTestEnvironment;

  before(async () => {
    env = await initializeTestEnvironment({
      projectId: 'demo-rules',
      firestore: { host, port: Number(port), rules: readFileSync(resolve(__dirname, '../../firestore.rules'), 'utf8') },
    });
  });
  after(async () => {
    await env.cleanup();
  });
  beforeEach(async () => {
    await env.clearFirestore();
    await env.withSecurityRulesDisabled(async (context) => {
      const db = context.firestore();
      await setDoc(doc(db, 'checkouts/c1'), { createdBy: 'owner', status: 'PENDING', amount: '1.00' });
      await setDoc(doc(db, 'checkouts/c1/events/00000001'), { from: null, to: 'PENDING', source: 'create' });
      await setDoc(doc(db, 'checkouts/c1/refunds/r1'), { amount: '1.00' });
      await setDoc(doc(db, 'checkoutClaims/c1'), { createdBy: 'owner', state: 'created' });
      await setDoc(doc(db, 'other/x'), { a: 1 });
      await setDoc(doc(db, 'webhookHealth/default'), { account: 'default', lastRejected: { reason: 'bad signature' } });
    });
  });

  const dbOf = (actor: Actor) => actorDb(env, actor);

  const canRead: Record<Actor, boolean> = {
    'signed-out': false,
    'no-role': false,
    'staff-owner': true,
    'staff-other': false,
    manager: true,
  };

  for (const actor of ACTORS) {
    for (const path of ['checkouts/c1', 'checkouts/c1/events/00000001', 'checkouts/c1/refunds/r1']) {
      it(`${actor} ${canRead[actor] ? 'can' : 'cannot'} read ${path}`, async () => {
        const read = getDoc(doc(dbOf(actor), path));
        await (canRead[actor] ? assertSucceeds(read) : assertFails(read));
      });
    }

    it(`${actor} cannot read claims or other collections`, async () => {
      await assertFails(getDoc(doc(dbOf(actor), 'checkoutClaims/c1')));
      await assertFails(getDoc(doc(dbOf(actor), 'other/x')));
      await assertFails(getDoc(doc(dbOf(actor), 'webhookHealth/default')));
    });

    it(`${actor} cannot write anything`, async () => {
      const db = dbOf(actor);
      await assertFails(setDoc(doc(db, 'checkouts/new'), { createdBy: 'owner', status: 'PAID', amount: '1.00' }));
      await assertFails(updateDoc(doc(db, 'checkouts/c1'), { status: 'PAID' }));
      await assertFails(updateDoc(doc(db, 'checkouts/c1'), { amount: '0.01' }));
      await assertFails(deleteDoc(doc(db, 'checkouts/c1')));
      await assertFails(setDoc(doc(db, 'checkouts/c1/events/00000002'), { from: 'PENDING', to: 'PAID' }));
      await assertFails(setDoc(doc(db, 'checkouts/c1/refunds/r2'), { amount: '1.00' }));
      await assertFails(setDoc(doc(db, 'checkoutClaims/c2'), { state: 'created' }));
      await assertFails(setDoc(doc(db, 'other/y'), { a: 1 }));
      await assertFails(setDoc(doc(db, 'webhookHealth/default'), { lastDelivery: { outcome: 'test' } }));
    });
  }

  it('staff can list only their own checkouts; managers can list all', async () => {
    const staff = dbOf('staff-owner');
    await assertSucceeds(getDocs(query(collection(staff, 'checkouts'), where('createdBy', '==', 'owner'))));
    await assertFails(getDocs(collection(staff, 'checkouts')));
    await assertFails(getDocs(query(collection(dbOf('staff-other'), 'checkouts'), where('createdBy', '==', 'owner'))));
    await assertSucceeds(getDocs(collection(dbOf('manager'), 'checkouts')));
    await assertSucceeds(getDocs(collection(staff, 'checkouts/c1/events')));
    await assertFails(getDocs(collection(dbOf('staff-other'), 'checkouts/c1/events')));
  });

  it('claims of the wrong shape read nothing, as the callables refuse them (issue #16)', async () => {
    await env.withSecurityRulesDisabled(async (context) => {
      await setDoc(doc(context.firestore(), 'checkouts/cA'), { createdBy: 'owner', status: 'PENDING', branchId: 'A' });
      await setDoc(doc(context.firestore(), 'branches/A'), { name: 'A' });
    });
    const wellFormed = env.authenticatedContext('boss', { role: 'manager', branches: ['A'] }).firestore();
    await assertSucceeds(getDoc(doc(wellFormed, 'checkouts/cA')));
    await assertSucceeds(getDoc(doc(wellFormed, 'branches/A')));
    const shapes: unknown[] = [{ A: true }, 'A', ['_', 'A'], Array.from({ length: 101 }, (_, i) => (i === 0 ? 'A' : `b${i}`))];
    for (const branches of shapes) {
      for (const role of ['manager', 'staff', 'owner']) {
        const db = env.authenticatedContext('owner', { role, branches }).firestore();
        await assertFails(getDoc(doc(db, 'checkouts/cA')));
        await assertFails(getDoc(doc(db, 'branches/A')));
      }
    }
  });
});
