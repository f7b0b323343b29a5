/**
 * Which Firestore failures are transient (the webhook answers 503 so PointCheckout retries; writes of what the
 * gateway already did are retried): a busy or closed transaction is, a refused write is not.
 */
import { expect } from 'chai';
import { isTransientFirestoreError, persistently } from '../../functions/src/store/persist';

const failure = (code: number, message = 'x') => Object.assign(new Error(message), { code });

describe('transient Firestore failures', () => {
  it('counts aborted, unavailable, exhausted and deadline failures as transient', () => {
    for (const code of [4, 8, 10, 14]) expect(isTransientFirestoreError(failure(code)), String(code)).to.equal(true);
  });

  it('counts a transaction the database closed under us as transient, and no other INVALID_ARGUMENT', () => {
    expect(isTransientFirestoreError(failure(3, '3 INVALID_ARGUMENT: Transaction is invalid or closed'))).to.equal(true);
    expect(isTransientFirestoreError(failure(3, '3 INVALID_ARGUMENT: The referenced transaction has expired or is no longer valid'))).to.equal(true);
    expect(isTransientFirestoreError(failure(3, '3 INVALID_ARGUMENT: Value for argument "data" is not a valid Firestore document'))).to.equal(false);
  });

  it('never counts a refused write, a missing document or a plain error as transient', () => {
    for (const code of [5, 6, 7, 9]) expect(isTransientFirestoreError(failure(code)), String(code)).to.equal(false);
    expect(isTransientFirestoreError(new Error('boom'))).to.equal(false);
    expect(isTransientFirestoreError(null)).to.equal(false);
  });

  it('retries a closed transaction and gives up on a refused one at once', async () => {
    let calls = 0;
    const value = await persistently(async () => {
      calls += 1;
      if (calls < 3) throw failure(3, 'Transaction is invalid or closed');
      return 'written';
    });
    expect([value, calls]).to.deep.equal(['written', 3]);
    calls = 0;
    const refused = await persistently(async () => {
      calls += 1;
      throw failure(9, 'precondition');
    }).catch((error: unknown) => error);
    expect([(refused as { code: number }).code, calls]).to.deep.equal([9, 1]);
  });
});
