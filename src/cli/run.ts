// Runs the CLI from source (tests and development): `node --import tsx src/cli/run.ts audit …`.
import { runCli } from './main.js';

runCli(process.argv.slice(2));
