#!/usr/bin/env node
/**
 * Runs inside the emulators for `npm start`: seeds a branch (`marina`, "Marina Mall") in Firestore and a staff
 * member, a manager, an owner and a staff member scoped to the branch in the Auth emulator, prints how to use
 * the stack, and waits until Ctrl-C.
 */
import { networkInterfaces } from 'node:os';
import { initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getFirestore, Timestamp } from 'firebase-admin/firestore';

export const SEED_BRANCH = { id: 'marina', name: 'Marina Mall' };

export const SEED_USERS = [
  { email: 'staff@example.com', password: 'staff-password', role: 'staff', displayName: 'Sam Staff' },
  { email: 'manager@example.com', password: 'manager-password', role: 'manager', displayName: 'Mia Manager' },
  { email: 'owner@example.com', password: 'owner-password', role: 'owner', displayName: 'Omar Owner' },
  { email: 'marina.staff@example.com', password: 'staff-password', role: 'staff', displayName: 'Maya Marina', branches: [SEED_BRANCH.id] },
];

const app = initializeApp({ projectId: process.env.GCLOUD_PROJECT });
const auth = getAuth(app);
// The same document upsertBranch writes (an owner's callable); the Admin SDK needs no signed-in owner here.
await getFirestore(app)
  .collection('branches')
  .doc(SEED_BRANCH.id)
  .set({ name: SEED_BRANCH.name, pointcheckoutBranchId: null, account: 'default', updatedAt: Timestamp.now() }, { merge: true });
for (const user of SEED_USERS) {
  let record;
  try {
    record = await auth.getUserByEmail(user.email);
  } catch {
    record = await auth.createUser({ email: user.email, password: user.password, displayName: user.displayName });
  }
  await auth.setCustomUserClaims(record.uid, { role: user.role, ...(user.branches ? { branches: user.branches } : {}) });
}

/** This machine's LAN addresses, to suggest `npm start -- --host <address>` for a real phone. */
const lanAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((nic) => nic && nic.family === 'IPv4' && !nic.internal)
  .map((nic) => nic.address);
const phoneLine = process.env.SIMULATOR_PUBLIC_URL
  ? `  Phones              payment pages and QR codes use ${process.env.SIMULATOR_PUBLIC_URL} (same network)`
  : `  Phones              QR codes point at 127.0.0.1; for a real phone: npm start -- --host ${lanAddresses[0] ?? '<LAN address>'}`;

const lines = [
  '',
  'PointCheckout QR stack is up (Ctrl-C to stop):',
  '  POS page            http://127.0.0.1:5000/  (sign in, create a QR, open it in a second tab as the customer)',
  `  Functions emulator  http://127.0.0.1:5001/${process.env.GCLOUD_PROJECT}/us-central1/<function>`,
  `  Webhook             ${process.env.POINTCHECKOUT_WEBHOOK_URL}`,
  `  Simulator           ${process.env.POINTCHECKOUT_SIMULATOR_URL}  (payment pages at /checkout/<checkoutKey>)`,
  phoneLine,
  '  Firestore 127.0.0.1:8080 · Auth 127.0.0.1:9099',
  '  Users:',
  ...SEED_USERS.map((u) => `    ${u.role.padEnd(8)} ${u.email} / ${u.password}${u.branches ? `  (branch ${SEED_BRANCH.id}, "${SEED_BRANCH.name}")` : ''}`),
  `  Branch: ${SEED_BRANCH.id} ("${SEED_BRANCH.name}"); end-of-day report for managers and owners: http://127.0.0.1:5000/report.html`,
  '  Test card: 4242 4242 4242 4242, expiry 12/30 (any future month), CVV 100, name TEST USER (4000 0000 0000 0002 is declined)',
  '',
];
console.log(lines.join('\n'));
// A pending promise alone does not keep Node alive: hold a timer until Ctrl-C.
const keepAlive = setInterval(() => undefined, 1 << 30);
await new Promise((resolve) => {
  process.on('SIGINT', resolve);
  process.on('SIGTERM', resolve);
});
clearInterval(keepAlive);
