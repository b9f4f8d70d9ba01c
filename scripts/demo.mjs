#!/usr/bin/env node
// The README's first command: runs faultline on the bundled examples. Exit 1 means "findings/incident
// found", which is what a demo should show, so it counts as success here.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const bin = `${root}bin/faultline.js`;
const runs = [['audit', `${root}examples/postmortem-api`]];
if (existsSync(`${root}examples/incident-api.tar.gz`))
  runs.unshift(['investigate', `${root}examples/incident-api.tar.gz`]);

let worst = 0;
for (const args of runs) {
  process.stdout.write(`\n$ faultline ${args[0]} ${args[1].replace(root, '')}\n\n`);
  const r = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit', cwd: root });
  if (r.status !== 0 && r.status !== 1) worst = r.status ?? 2;
}
process.exit(worst);
