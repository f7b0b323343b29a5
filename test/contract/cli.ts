/**
 * `npm run test:contract`: the contract tests (mocha, test/contract/), or with `--replay <file>` the replay of a
 * recorded run against the vendor spec and our wire schemas (exit 0 clean, 1 violations, 2 unreadable file).
 */
import { spawnSync } from 'node:child_process';
import { loadRecording, replay } from './replay';

const argv = process.argv.slice(2);
const at = argv.indexOf('--replay');
if (at >= 0) {
  const file = argv[at + 1];
  if (!file) {
    console.error('usage: npm run test:contract -- --replay <file>');
    process.exit(2);
  }
  try {
    const { exchanges, headerFamily } = loadRecording(file);
    const result = replay(exchanges, headerFamily);
    for (const violation of result.violations) console.log(violation);
    console.log(`${result.exchanges} exchanges against ${result.spec} and our wire schemas: ${result.violations.length ? `${result.violations.length} violation(s)` : 'all valid'}`);
    process.exitCode = result.violations.length ? 1 : 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  }
} else {
  const mocha = spawnSync('npx', ['mocha', '--import=tsx', '--timeout', '20000', 'test/contract/**/*.test.ts', ...argv], { stdio: 'inherit' });
  process.exitCode = mocha.status ?? 1;
}
