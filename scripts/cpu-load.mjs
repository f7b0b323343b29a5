#!/usr/bin/env node
/**
 * Runs a command beside CPU-bound busy loops, to prove the tests' waits hold on a loaded machine (issue #18):
 *
 *   node scripts/cpu-load.mjs [--workers N] -- <command> [args...]
 *   npm run test:under-load        # the emulator suite beside two burners
 *
 * The burners start before the command and stop when it ends, fails, or is interrupted (Ctrl-C, SIGTERM). Each
 * burner also checks its parent every 50 ms and exits once the parent is gone, so even a SIGKILLed wrapper
 * leaves no orphan spinning. Exits with the command's own code and prints how long it took.
 */
import { spawn } from 'node:child_process';

const DEFAULT_WORKERS = 2;

function parseArgs(argv) {
  const split = argv.indexOf('--');
  const own = split === -1 ? argv : argv.slice(0, split);
  const command = split === -1 ? [] : argv.slice(split + 1);
  let workers = Number(process.env.CPU_LOAD_WORKERS ?? DEFAULT_WORKERS);
  for (let i = 0; i < own.length; i += 1) {
    if (own[i] === '--workers') workers = Number(own[++i]);
    else throw new Error(`unknown option ${own[i]}`);
  }
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new Error('--workers must be an integer from 1 to 64');
  if (command.length === 0) throw new Error('usage: node scripts/cpu-load.mjs [--workers N] -- <command> [args...]');
  return { workers, command };
}

// Spins in 50 ms slices; between slices it checks that its parent (this script) still lives.
const BURNER = `
const parent = Number(process.argv[1]);
for (;;) {
  const end = Date.now() + 50;
  while (Date.now() < end) Math.sqrt(Math.random());
  if (process.ppid !== parent) process.exit(0);
}`;

function startBurners(count) {
  const burners = [];
  for (let i = 0; i < count; i += 1) {
    burners.push(spawn(process.execPath, ['-e', BURNER, String(process.pid)], { stdio: 'ignore' }));
  }
  return burners;
}

function stopBurners(burners) {
  for (const burner of burners) {
    if (burner.exitCode === null && burner.signalCode === null) burner.kill('SIGKILL');
  }
}

let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error(`cpu-load: ${error.message}`);
  process.exit(2);
}

const started = Date.now();
const burners = startBurners(options.workers);
console.error(`cpu-load: ${options.workers} busy loop(s) running (pids ${burners.map((b) => b.pid).join(', ')}); running: ${options.command.join(' ')}`);

const child = spawn(options.command[0], options.command.slice(1), { stdio: 'inherit' });

// A signal stops the burners at once and is passed on; the command's own cleanup decides when we exit.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopBurners(burners);
    if (child.exitCode === null) child.kill(signal);
  });
}
process.on('exit', () => stopBurners(burners));

child.on('error', (error) => {
  stopBurners(burners);
  console.error(`cpu-load: could not run ${options.command[0]}: ${error.message}`);
  process.exit(127);
});

child.on('exit', (code, signal) => {
  stopBurners(burners);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.error(`cpu-load: command ${signal ? `killed by ${signal}` : `exited ${code}`} after ${seconds} s beside ${options.workers} busy loop(s)`);
  process.exit(code ?? 1);
});
