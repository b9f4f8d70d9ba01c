// Runs the CLI from source (tests and development): `node --import tsx src/cli/run.ts audit …`.
import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`faultline: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
