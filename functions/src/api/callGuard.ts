/**
 * A guard in front of every callable (and task function: the same `{"data": …}` envelope), for requests
 * firebase-functions itself mishandles before our handler runs:
 * - a body that is not exactly `{"data": …}` as JSON: it refuses it only after logging the body, the content
 *   type or the extra keys whole, so a card number sent there would reach the logs;
 * - data it decodes wrongly: it decodes any object with an `@type` field as a protobuf wrapper and answers what
 *   it cannot decode with `internal` (500) after logging the data, and it decodes recursively (deep nesting
 *   overflows the stack: `internal` again). A `__proto__` field would become the decoded object's prototype, so
 *   the schema could read fields from it.
 * Apps never send any of these (the client SDK encodes plain JSON), so refusing them with `invalid-argument`
 * loses nothing and keeps hostile input out of the 5xx answers and the logs.
 */
import type { Request } from 'firebase-functions/v2/https';
import type { Response } from 'express';

const MAX_DEPTH = 32;

/** Why callable data must be refused before it is decoded, or null. Iterative, so depth cannot overflow it. */
export function refusedCallableData(data: unknown): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value: data, depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value, depth } = next;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_DEPTH) return `is nested more than ${MAX_DEPTH} levels deep`;
    if (!Array.isArray(value)) {
      for (const key of ['@type', '__proto__']) {
        if (Object.prototype.hasOwnProperty.call(value, key)) return `has a field named ${key}`;
      }
    }
    for (const child of Object.values(value as object)) stack.push({ value: child, depth: depth + 1 });
  }
  return null;
}

/**
 * Why a POST is not the envelope firebase-functions accepts (JSON, an object holding `data` and nothing else), or
 * null. The message names no part of the request: it is the sender's own input.
 */
export function refusedEnvelope(contentType: string | undefined, body: unknown): string | null {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') return 'send Content-Type application/json';
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object {"data": …}';
  if ((body as { data?: unknown }).data === undefined) return 'the body has no "data" field';
  if (Object.keys(body).some((key) => key !== 'data')) return 'the body may hold the "data" field only';
  return null;
}

/** Wraps an onCall (or onTaskDispatched) function; keeps its deploy metadata (`__endpoint`, `run`…) by copying its own properties. */
export function guardCallable<F extends (req: Request, res: Response) => unknown>(callable: F): F {
  const guarded = (req: Request, res: Response): unknown => {
    const body: unknown = req.body;
    const data = body && typeof body === 'object' ? (body as { data?: unknown }).data : undefined;
    const problem = req.method === 'POST' ? (refusedEnvelope(req.get('content-type'), body) ?? refusedCallableData(data)) : null;
    if (!problem) return callable(req, res);
    // The callable's own CORS handling (origin: true) is bypassed here; answer in kind so browsers see the 400.
    const origin = req.get('origin');
    if (origin) res.set({ 'Access-Control-Allow-Origin': origin, Vary: 'Origin' });
    res.status(400).json({ error: { status: 'INVALID_ARGUMENT', message: `input: ${problem}; send plain JSON data` } });
    return undefined;
  };
  Object.defineProperties(guarded, Object.getOwnPropertyDescriptors(callable));
  return guarded as unknown as F;
}
