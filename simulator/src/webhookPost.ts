/** One signed webhook delivery attempt: POST the body with its HMAC signature, answer the HTTP status or the error. */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

export const SIGNATURE_HEADER = 'X-PointCheckout-Signature';

export function signBody(body: string | Buffer, hmacKey: string): string {
  return createHmac('sha256', hmacKey).update(body).digest('hex');
}

export function postSigned(
  address: string,
  body: string,
  signature: string,
  timeoutMs: number,
  inFlight: Set<http.ClientRequest>,
): Promise<{ httpStatus: number | null; error: string | null }> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (httpStatus: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      inFlight.delete(req);
      resolve({ httpStatus, error });
    };
    const url = new URL(address);
    const send = url.protocol === 'https:' ? https.request : http.request;
    const req = send(url, {
      method: 'POST',
      agent: false, // a fresh connection per attempt: no pooled sockets outlive the simulator
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        [SIGNATURE_HEADER]: signature,
        'User-Agent': 'PointCheckout-Simulator',
      },
    });
    const timer = setTimeout(() => {
      finish(null, `timeout after ${timeoutMs} ms`);
      req.destroy();
    }, timeoutMs);
    inFlight.add(req);
    req.on('response', (res) => {
      res.resume(); // the answer's body is irrelevant; drain it
      finish(res.statusCode ?? null, null);
    });
    req.on('error', (err) => finish(null, err.message));
    req.end(body);
  });
}
