/** Shared test helpers: a simulator per suite, an API client, a webhook receiver, polling. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type Simulator, type SimulatorOptions } from '../src/server';

export const KEY = 'test_key_123';
export const SECRET = 'test_secret_456';
export const AUTH = { 'X-PointCheckout-Api-Key': KEY, 'X-PointCheckout-Api-Secret': SECRET };

export function start(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ port: 0, apiKey: KEY, apiSecret: SECRET, ...options });
}

export interface Reply<T = any> {
  status: number;
  text: string;
  json: T;
  headers: Headers;
}

export interface CallOptions {
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /** Send the default credentials (true unless given). */
  auth?: boolean;
  contentType?: string;
}

/** Calls the simulator; `path` is absolute (e.g. `/mer/v2.0/checkout/qr`). */
export async function call<T = any>(sim: Simulator, method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...(options.auth === false ? {} : AUTH), ...options.headers };
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
  const res = await fetch(`${sim.url}${path}`, { method, headers, body });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json: json as T, headers: res.headers };
}

export const api = <T = any>(sim: Simulator, method: string, path: string, options?: CallOptions) =>
  call<T>(sim, method, `/mer/v2.0${path}`, options);

export function checkoutBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    requestId: `req-${Math.random().toString(36).slice(2)}`,
    orderId: 'ORD-1001',
    currency: 'AED',
    amount: 100,
    ...overrides,
  };
}

/** Creates a checkout and returns its `result`. */
export async function createCheckout(sim: Simulator, overrides: Record<string, unknown> = {}): Promise<any> {
  const reply = await api(sim, 'POST', '/checkout/qr', { body: checkoutBody(overrides) });
  if (reply.status !== 200) throw new Error(`create failed: ${reply.status} ${reply.text}`);
  return reply.json.result;
}

/** Polls `probe` until it returns a truthy value, failing after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | Promise<T>, timeoutMs = 3000, label = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json: any;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** HTTP status to answer with; `'hang'` never answers. */
  respondWith: number | 'hang';
  close(): Promise<void>;
}

/** A local HTTP server standing in for the merchant's webhook endpoint. */
export async function startReceiver(respondWith: number | 'hang' = 200): Promise<Receiver> {
  const received: Received[] = [];
  const receiver: Receiver = { url: '', received, respondWith, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ headers: req.headers, body, json: JSON.parse(body.toString('utf8')) });
      if (receiver.respondWith === 'hang') return;
      res.writeHead(receiver.respondWith, { 'Content-Type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver;
}

/** Registers a webhook through the API and returns it. */
export async function registerWebhook(sim: Simulator, address: string): Promise<any> {
  const reply = await api(sim, 'POST', '/webhooks', { body: { address } });
  if (reply.status !== 200) throw new Error(`webhook create failed: ${reply.text}`);
  return reply.json.result;
}

export async function simAction(sim: Simulator, id: string, action: string, body?: unknown) {
  return call(sim, 'POST', `/_sim/checkouts/${id}/${action}`, { body, auth: false });
}

/** Calls a test control under /_sim (no credentials). */
export function control(sim: Simulator, method: string, path: string, body?: unknown) {
  return call(sim, method, `/_sim${path}`, { body, auth: false });
}

/** Creates a checkout and pays it through the control; returns the created checkout. */
export async function paidCheckout(sim: Simulator, overrides: Record<string, unknown> = {}): Promise<any> {
  const c = await createCheckout(sim, overrides);
  const paid = await simAction(sim, c.id, 'pay');
  if (paid.status !== 200) throw new Error(`pay failed: ${paid.status} ${paid.text}`);
  return c;
}
