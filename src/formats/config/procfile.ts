// Heroku-style Procfile: one `<process type>: <command>` per line (Heroku Dev Center, "The Procfile").
//
// Sample (seed 000, case 6: Node on Heroku under forever):
//
//   web: node forever.js
//   worker: celery -A proj worker --loglevel=info
//
// → processes = [{ type: "web", command: "node forever.js", loc: Procfile:1 }, { type: "worker", … line 2 }]
import type { ParseIssue } from '../../model/setting.js';
import type { ConfigParser, ProcfileConfig } from './types.js';

/** Process type names: letters, digits, `_` and `-` (Heroku; foreman and honcho accept the same). */
const ENTRY = /^([A-Za-z0-9_-]+)\s*:\s*([\s\S]*)$/;
const KNOWN_TYPES = /^(web|worker|release|clock|scheduler|urgentworker)\s*:/m;

export const procfileParser: ConfigParser<ProcfileConfig> = {
  id: 'procfile',
  detect(path, sample) {
    const name = path.split('/').pop() ?? '';
    let entries = 0;
    let others = 0;
    for (const raw of sample.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const m = ENTRY.exec(line);
      if (m && m[2].trim() !== '') entries++;
      else others++;
    }
    if (entries === 0) return 0;
    if (/^Procfile([.-][\w.-]+)?$/.test(name)) return others === 0 ? 0.95 : 0.6;
    // Any `key: value` file looks like this; only a web/worker entry and no other lines make it likely.
    return others === 0 && KNOWN_TYPES.test(sample) && entries <= 10 ? 0.55 : 0;
  },
  parse({ path, text }) {
    const issues: ParseIssue[] = [];
    const processes: ProcfileConfig['processes'] = [];
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (line === '' || line.startsWith('#')) continue;
      const loc = { path, line: i + 1 };
      const m = ENTRY.exec(line);
      if (!m) {
        issues.push({ ...loc, message: 'expected "<process type>: <command>", e.g. "web: node server.js"' });
        continue;
      }
      const command = m[2].trim();
      if (command === '') {
        issues.push({ ...loc, message: `expected a command after "${m[1]}:"` });
        continue;
      }
      if (processes.some((p) => p.type === m[1])) {
        // Heroku keeps one command per type; the later line wins.
        issues.push({
          ...loc,
          message: `expected one "${m[1]}" entry; this one replaces line ${processes.find((p) => p.type === m[1])?.loc.line}`,
        });
        const idx = processes.findIndex((p) => p.type === m[1]);
        processes.splice(idx, 1);
      }
      processes.push({ type: m[1], command, loc });
    }
    return { data: { processes }, issues, consumed: [] };
  },
};
