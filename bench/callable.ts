/**
 * Figure 3: createQrCheckout latency against the peer floor benchPeerCreate (POST to the gateway, write one
 * document) and the bare floor benchFloorCallable (write one document), all through the client SDK and
 * interleaved call by call, in rounds, at one simulated gateway latency (both POSTs pay it); the simulator's own
 * time for the same create is measured apart.
 */
import { sim, type Session } from '../test/emulators/harness';
import { percentile, round } from './stats';

export interface CallableRound {
  p50: number;
  p95: number;
  peerP50: number;
  peerP95: number;
  floorP50: number;
  floorP95: number;
  simulatorP50: number;
  simulatorP95: number;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** `rounds` rounds of `calls` interleaved calls each, with the simulator at `gatewayLatencyMs` on every request. */
export async function benchCreate(staff: Session, calls: number, rounds: number, gatewayLatencyMs: number): Promise<CallableRound[]> {
  const run = `${Date.now().toString(36)}-${gatewayLatencyMs}`;
  const input = (i: number) => ({ orderId: `BENCH-${run}-${i}`, amount: '12.50', currency: 'AED', qrSize: 300 });
  await sim.config({ latencyMs: gatewayLatencyMs });
  // Warm both functions (the first call also loads what the handler loads lazily).
  for (let i = 0; i < 3; i += 1) {
    await staff.call('createQrCheckout', input(-1 - i));
    await staff.call('benchPeerCreate', input(-1 - i));
    await staff.call('benchFloorCallable', input(-1 - i));
  }
  const results: CallableRound[] = [];
  for (let r = 0; r < rounds; r += 1) results.push(await createRound(staff, run, input, r * calls, calls));
  await sim.config({ latencyMs: 0 });
  return results;
}

async function createRound(staff: Session, run: string, input: (i: number) => Record<string, unknown>, from: number, calls: number): Promise<CallableRound> {
  const ours: number[] = [];
  const peer: number[] = [];
  const floor: number[] = [];
  const simulator: number[] = [];
  for (let i = from; i < from + calls; i += 1) {
    ours.push(await timed(() => staff.call('createQrCheckout', input(i))));
    peer.push(await timed(() => staff.call('benchPeerCreate', { ...input(i), orderId: `PEER-${run}-${i}` })));
    floor.push(await timed(() => staff.call('benchFloorCallable', input(i))));
    // The same create the function sends, straight to the simulator: its share of the figure above.
    simulator.push(
      await timed(async () => {
        const res = await sim.api('POST', '/checkout/qr', { requestId: `sim-${run}-${i}`, orderId: `SIM-${run}-${i}`, currency: 'AED', amount: 12.5, qrSize: 300, expiresIn: 30 });
        if (res.status !== 200) throw new Error(`simulator create failed: HTTP ${res.status}`);
      }),
    );
  }
  return {
    p50: round(percentile(ours, 50)),
    p95: round(percentile(ours, 95)),
    peerP50: round(percentile(peer, 50)),
    peerP95: round(percentile(peer, 95)),
    floorP50: round(percentile(floor, 50)),
    floorP95: round(percentile(floor, 95)),
    simulatorP50: round(percentile(simulator, 50)),
    simulatorP95: round(percentile(simulator, 95)),
  };
}
