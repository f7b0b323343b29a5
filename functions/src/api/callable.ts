/**
 * The one wrapper every callable goes through: authenticate (role claim), validate with zod, run the
 * service, map failures. A function file then holds only what is specific to it.
 *
 * Cold start: the schema and the service are loaded on the first request (`await import`), not when the entry
 * loads. Every function of the codebase loads the same entry, so zod, axios and Firestore at module load would
 * slow every instance's start, including those that never need them (measured by `npm run bench`).
 */
import { onCall, HttpsError, type CallableRequest, type CallableOptions } from 'firebase-functions/v2/https';
import type { z } from 'zod';
import type { Caller } from '../access/caller';
import { ENFORCE_APP_CHECK } from '../config';
import { guardCallable } from './callGuard';
import { APP_CHECK_REFUSAL } from './appCheck';
import { toHttpsError } from './errors';

export function validatedOnCall<S extends z.ZodType, R>(
  name: string,
  loadSchema: () => Promise<S>,
  options: CallableOptions,
  handler: (caller: Caller, input: z.output<S>, request: CallableRequest) => Promise<R>,
  /** Money operations: re-check the ID token against revocation and a disabled account (access/revocation.ts). */
  guard: { checkRevoked?: boolean } = {},
) {
  return guardCallable(onCall(options, async (request): Promise<R> => {
    try {
      // Enforced here rather than with onCall's `enforceAppCheck`, so that one param switches it per environment.
      if (ENFORCE_APP_CHECK.value() && !request.app) {
        throw new HttpsError('unauthenticated', APP_CHECK_REFUSAL);
      }
      const [{ callerFromAuth }, { describeIssues }, schema] = await Promise.all([
        import('../access/caller'),
        import('../domain/schemas'),
        loadSchema(),
      ]);
      const caller = callerFromAuth(request.auth);
      if (guard.checkRevoked) {
        const { bearerToken, verifyNotRevoked } = await import('../access/revocation');
        await verifyNotRevoked(bearerToken(request.rawRequest.headers.authorization));
      }
      const parsed = schema.safeParse(request.data ?? {});
      if (!parsed.success) throw new HttpsError('invalid-argument', describeIssues(parsed.error));
      return await handler(caller, parsed.data, request);
    } catch (error) {
      throw toHttpsError(name, error);
    }
  }));
}
