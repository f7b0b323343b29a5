/**
 * HTTPS function `exportCheckouts` (manager, owner): the checkouts created (or the refunds made) in a day or a
 * range of days, of one mode (`mode=live|test|all`, default live), in the caller's branches, as CSV streamed
 * page by page (a day of 50,000 never sits in memory).
 * `GET …/exportCheckouts?from=YYYY-MM-DD[&to=YYYY-MM-DD][&kind=checkouts|refunds][&branchId=…][&mode=…]` with
 * the caller's Firebase ID token in `Authorization: Bearer <token>`. Days are counted in REPORT_TIME_ZONE.
 */
import { onRequest, type Request } from 'firebase-functions/v2/https';
import type { Response } from 'express';
import { CheckoutError } from '../../shared/errors';
import { ENFORCE_APP_CHECK } from '../../config';
import { assertAppCheck } from '../appCheck';
import { logs } from '../../logs';

const STATUS_OF: Record<string, number> = {
  'invalid-argument': 400,
  unauthenticated: 401,
  'permission-denied': 403,
  'not-found': 404,
  'failed-precondition': 412,
  unavailable: 503,
};

async function handler(req: Request, res: Response): Promise<void> {
  if (req.method !== 'GET') {
    res.set('Allow', 'GET').status(405).json({ error: 'Use GET' });
    return;
  }
  try {
    const [{ bearerToken, verifyNotRevoked }, { callerFromAuth, assertRole, reportScope }, { exportCheckoutsQuerySchema, describeIssues }, { reportTimeZone }, { dayRangeMs }] =
      await Promise.all([
        import('../../access/revocation'),
        import('../../access/caller'),
        import('../../domain/schemas'),
        import('../../shared/timeZone'),
        import('../../reports/dayRange'),
      ]);
    await assertAppCheck(req.get('x-firebase-appcheck'), ENFORCE_APP_CHECK.value(), async (token) => {
      await (await import('firebase-admin/app-check')).getAppCheck().verifyToken(token);
    });
    const bearer = bearerToken(req.get('authorization'));
    if (!bearer) throw new CheckoutError('unauthenticated', 'Send your Firebase ID token as Authorization: Bearer <token>.');
    // Revocation and a disabled account are checked too: an export is a money operation.
    const decoded = await verifyNotRevoked(bearer);
    const caller = callerFromAuth({ uid: decoded.uid, token: decoded as unknown as Record<string, unknown> });
    assertRole(caller, ['manager'], 'export checkouts');
    const parsed = exportCheckoutsQuerySchema.safeParse(req.query);
    if (!parsed.success) throw new CheckoutError('invalid-argument', describeIssues(parsed.error));
    const query = parsed.data;
    const branches = reportScope(caller, query.branchId);
    const zone = reportTimeZone();
    const { startMs } = dayRangeMs(query.from, zone);
    const { endMs } = dayRangeMs(query.to ?? query.from, zone);
    const { streamCsv } = await import('../../exports/exportCsv');
    res.status(200);
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="${query.kind}-${query.from}${query.to ? `-to-${query.to}` : ''}.csv"`);
    res.set('Cache-Control', 'no-store');
    await streamCsv(query.kind, { startMs, endMs, timeZone: zone }, branches, query.mode === 'all' ? null : query.mode, (chunk) => res.write(chunk));
    res.end();
  } catch (error) {
    if (res.headersSent) {
      // Mid-stream: the file is cut short; ending without the final newline-terminated rows tells a reader so.
      logs.unexpected('exportCheckouts (mid-stream)', error);
      res.end();
      return;
    }
    if (error instanceof CheckoutError) {
      res.status(STATUS_OF[error.code] ?? 400).json({ error: error.message });
      return;
    }
    logs.unexpected('exportCheckouts', error);
    res.status(500).json({ error: 'Something went wrong on our side; try again.' });
  }
}

export const exportCheckouts = onRequest({ timeoutSeconds: 540, cors: false }, handler);
