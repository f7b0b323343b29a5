/** Entry point of `npm run go-live` (see run.ts and `npm run go-live -- --help`). */
import { runGoLive } from './run';

void runGoLive(process.argv.slice(2), { env: process.env, out: console.log, err: console.error }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`go-live: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
