// Config parser tests: a fixture folder as the input tree the parsers see, through the real in-memory
// file system (src/evidence/vfs.ts) — absolute include targets resolve under the folder, as in a bundle.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MemoryFS } from '../../src/evidence/vfs.js';
import type { ConfigFS } from '../../src/formats/config/types.js';

export function fixtureFS(root: string): ConfigFS {
  const files: { path: string; hostPath: string; rootPath: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else {
        const rel = relative(root, abs).split('\\').join('/');
        files.push({ path: rel, hostPath: `/${rel}`, rootPath: '', text: readFileSync(abs, 'utf8') });
      }
    }
  };
  walk(root);
  return new MemoryFS(files);
}

/** No other file: for parsing text on its own. */
export const noFS: ConfigFS = { read: () => undefined, glob: () => [] };
