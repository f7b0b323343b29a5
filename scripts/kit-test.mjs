#!/usr/bin/env node
/**
 * `npm run test:kit`: the function kit installs into an existing Firebase project and takes a payment there.
 *
 * 1. `npm pack` of functions/ (its prepack builds lib/ and adds firestore.rules and firestore.indexes.json).
 * 2. A scratch project in a temp dir: its own firebase.json with one codebase, `pointcheckout`, a folder whose
 *    package.json depends on the tarball and whose index.js re-exports it; rules and indexes taken from the
 *    installed package, as a merchant would merge them.
 * 3. The install, offline: the tarball is unpacked into node_modules as npm does for a `file:` dependency, and
 *    each dependency the packed package.json declares is linked from this repository's node_modules (npm
 *    cannot resolve them offline: its cache holds tarballs, not the registry documents it resolves from).
 *    Only declared dependencies are reachable, so an undeclared import fails here.
 * 4. scripts/stack.mjs pointed at the scratch project (its own project id, auth + functions + firestore) runs
 *    test/kit/flow.test.ts: create → pay at the simulator → signed webhook → PAID.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, copyFileSync, rmSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const step = (line) => process.stderr.write(`[kit-test] ${line} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
  return result.stdout;
}

const scratch = mkdtempSync(join(tmpdir(), 'pointcheckout-kit-'));
let code = 1;
try {
  run('npm', ['run', 'build', '-w', 'simulator'], { cwd: root });
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: join(root, 'functions') }))[0];
  step(`packed ${packed.filename}: ${packed.files.length} files, ${packed.size} bytes`);

  const project = join(scratch, 'merchant-project');
  const codebase = join(project, 'pointcheckout');
  mkdirSync(codebase, { recursive: true });
  writeFileSync(join(codebase, 'index.js'), `module.exports = require('${packed.name}');\n`);

  // The install (see the header): the package itself, then links to exactly the dependencies it declares.
  const installed = join(codebase, 'node_modules', ...packed.name.split('/'));
  mkdirSync(installed, { recursive: true });
  run('tar', ['-xzf', join(scratch, packed.filename), '-C', installed, '--strip-components=1']);
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  // The Functions emulator and deploy look for firebase-admin and firebase-functions in the codebase's own
  // package.json, so the wrapper names them too (the same versions the kit asks for).
  writeFileSync(join(codebase, 'package.json'), JSON.stringify({
    name: 'merchant-pointcheckout',
    private: true,
    main: 'index.js',
    engines: { node: '22' },
    dependencies: {
      [packed.name]: `file:../../${packed.filename}`,
      'firebase-admin': manifest.dependencies['firebase-admin'],
      'firebase-functions': manifest.dependencies['firebase-functions'],
    },
  }, null, 2));
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    const target = join(codebase, 'node_modules', ...dependency.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(root, 'node_modules', dependency), target, 'dir');
  }
  if (lstatSync(installed).isSymbolicLink()) throw new Error('the kit must be installed from the tarball, not linked');
  step(`installed into ${codebase} (dependencies: ${Object.keys(manifest.dependencies).join(', ')})`);

  copyFileSync(join(installed, 'firestore.rules'), join(project, 'firestore.rules'));
  copyFileSync(join(installed, 'firestore.indexes.json'), join(project, 'firestore.indexes.json'));
  const emulators = JSON.parse(readFileSync(join(root, 'firebase.json'), 'utf8')).emulators;
  delete emulators.hosting;
  delete emulators.eventarc;
  writeFileSync(join(project, 'firebase.json'), JSON.stringify({
    functions: [{ source: 'pointcheckout', codebase: 'pointcheckout', runtime: 'nodejs22', ignore: ['node_modules', '*.local'] }],
    firestore: { rules: 'firestore.rules', indexes: 'firestore.indexes.json' },
    emulators,
  }, null, 2));

  const flow = `cd "${root}" && node_modules/.bin/mocha --import=tsx --require test/support/mocha-waits.ts --timeout 180000 test/kit/flow.test.ts`;
  const stack = spawnSync(process.execPath, [join(root, 'scripts', 'stack.mjs'), 'exec', '--', flow], {
    stdio: 'inherit',
    env: {
      ...process.env,
      STACK_PROJECT_DIR: project,
      STACK_FUNCTIONS_DIR: codebase,
      STACK_PROJECT_ID: 'demo-merchant-shop',
      STACK_EMULATORS: 'auth,functions,firestore',
      // No Eventarc emulator here: events off; the order mirror on (both are off unless asked for). The scratch
      // merchant pays on the simulator, a test-mode account, so it opts test in as a staging project would.
      STACK_EVENTS_CHANNEL: '',
      STACK_ORDER_STATUS_MIRROR_PATH: 'orders/{orderId}',
      STACK_EVENTS_INCLUDE_TEST_MODE: 'true',
      KIT_CODEBASE_DIR: codebase,
    },
  });
  code = stack.status ?? 1;
  step(`flow in the scratch project ${code === 0 ? 'passed' : 'FAILED'}`);
} catch (error) {
  console.error(`[kit-test] ${error instanceof Error ? error.message : error}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(code);
