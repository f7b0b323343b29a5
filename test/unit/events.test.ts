/** The events' pure parts: types, ids, the mirror's path and ordering rules. */
import { expect } from 'chai';
import { Timestamp } from 'firebase-admin/firestore';
import { CHECKOUT_EVENT_TYPES, cloudEventId, eventTypeFor } from '../../functions/src/events/types';
import { isNewer, mirrorPath, type MirrorSource } from '../../functions/src/events/mirror';
import { deliverable } from '../../functions/src/events/process';

function source(checkoutId: string, createdAtMs: number, version: number, mode: 'test' | 'live' | null = 'live'): MirrorSource {
  return { checkoutId, checkoutCreatedAt: Timestamp.fromMillis(createdAtMs), version, at: Timestamp.fromMillis(createdAtMs + version), account: 'default', mode };
}

describe('checkout events', () => {
  it('names one type per status that happens to an order, none for a new checkout', () => {
    expect(eventTypeFor('PAID')).to.equal('com.pointcheckout.checkout.paid');
    expect(eventTypeFor('PARTIALLY_REFUNDED')).to.equal('com.pointcheckout.checkout.partially_refunded');
    expect(eventTypeFor('PENDING')).to.equal(null);
    expect(CHECKOUT_EVENT_TYPES).to.have.length(8);
    // A paid adopted checkout whose order another checkout had already charged (issue 17, item 2).
    expect(eventTypeFor('PAID', { duplicatePayment: true })).to.equal('com.pointcheckout.checkout.duplicate_payment');
    expect(eventTypeFor('REFUNDED', { duplicatePayment: true })).to.equal('com.pointcheckout.checkout.refunded');
  });

  it('fixes the CloudEvent id by checkout and version', () => {
    expect(cloudEventId('abc', 3)).to.equal('abc-3');
  });

  it('fills the mirror path and refuses one that is not a document path', () => {
    expect(mirrorPath('orders/{orderId}', { orderId: 'ORD-1', checkoutId: 'c1' })).to.equal('orders/ORD-1');
    expect(mirrorPath('shops/main/orders/{orderId}', { orderId: 'A.B', checkoutId: 'c1' })).to.equal('shops/main/orders/A.B');
    expect(mirrorPath('orders/{orderId}', { orderId: '__x__', checkoutId: 'c1' })).to.equal(null);
    expect(mirrorPath('orders/{orderId}', { orderId: '.', checkoutId: 'c1' })).to.equal(null);
    expect(mirrorPath('orders', { orderId: 'ORD-1', checkoutId: 'c1' })).to.equal(null);
    expect(mirrorPath('orders/{orderid}', { orderId: 'ORD-1', checkoutId: 'c1' })).to.equal(null);
  });

  it('never moves the mirror backwards', () => {
    expect(isNewer(source('a', 1000, 2), undefined)).to.equal(true);
    expect(isNewer(source('a', 1000, 3), source('a', 1000, 2))).to.equal(true);
    expect(isNewer(source('a', 1000, 2), source('a', 1000, 3))).to.equal(false);
    expect(isNewer(source('a', 1000, 2), source('a', 1000, 2))).to.equal(false);
    // A later checkout of the order wins over any event of an earlier one, and never the other way round.
    expect(isNewer(source('b', 2000, 1), source('a', 1000, 5))).to.equal(true);
    expect(isNewer(source('a', 1000, 5), source('b', 2000, 1))).to.equal(false);
    // Never backwards from a payment: another checkout's PENDING/EXPIRED, even created later, does not replace PAID…
    expect(isNewer(source('b', 2000, 1), source('a', 1000, 2), 'PENDING', 'PAID')).to.equal(false);
    expect(isNewer(source('b', 2000, 2), source('a', 1000, 2), 'EXPIRED', 'PAID')).to.equal(false);
    // …and another checkout's payment replaces an unpaid status, whichever was created first.
    expect(isNewer(source('a', 1000, 2), source('b', 2000, 1), 'PAID', 'PENDING')).to.equal(true);
  });

  it('acts on live checkouts only unless EVENTS_INCLUDE_TEST_MODE opts test in (issue #16)', () => {
    expect(deliverable({ mode: 'live' }, false)).to.equal(true);
    expect(deliverable({ mode: 'test' }, false)).to.equal(false);
    expect(deliverable({ mode: null }, false)).to.equal(false);
    expect(deliverable({ mode: 'test' }, true)).to.equal(true);
  });

  it('a test checkout never overwrites what a live one mirrored, even when test is opted in', () => {
    expect(isNewer(source('t', 2000, 1, 'test'), source('l', 1000, 2, 'live'))).to.equal(false);
    expect(isNewer(source('l', 2000, 1, 'live'), source('t', 1000, 2, 'test'))).to.equal(true);
  });
});
