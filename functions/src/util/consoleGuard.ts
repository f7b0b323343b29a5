/**
 * Masks card-like numbers in everything printed through `console`. Our own log lines go through
 * firebase-functions' logger, which writes with the console it saved when it loaded: they are untouched (and keep
 * the gateway ids PointCheckout gave us whole). This is for code that runs before ours and prints what a sender
 * wrote: express prints the SyntaxError of a body the framework's JSON parser refused, and that message quotes the
 * body, so a card number sent as a bare JSON string (`"4242…"`) would otherwise reach the function logs.
 */
import 'firebase-functions/logger'; // loaded first, so the console it saves is the unmasked one
import { format } from 'node:util';
import { maskCardNumbers } from './maskCards';

const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
const GUARDED = Symbol.for('pointcheckout.consoleGuard');

/** Replaces `target`'s printing methods with ones that format, mask, then print. Once per console. */
export function guardConsole(target: Console = console): void {
  const marked = target as Console & { [GUARDED]?: true };
  if (marked[GUARDED]) return;
  marked[GUARDED] = true;
  for (const method of METHODS) {
    const print = target[method].bind(target);
    target[method] = (...args: unknown[]) => print(maskCardNumbers(format(...args)));
  }
}
