// Preloaded into the functions emulator's workers only under `npm test` (c8): the emulator stops workers
// with SIGTERM, and V8 writes NODE_V8_COVERAGE data only on a normal exit.
process.once('SIGTERM', () => process.exit(0));
