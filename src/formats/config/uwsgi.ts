// uWSGI ini files: the `[uwsgi]` section (another section only when named with `--ini file:section`), `key =
// value` lines, `;` or `#` comments; `-` and `_` are the same in option names, and an option may repeat
// (`socket` twice binds twice). `%(name)` placeholders are kept as written.
//
// Sample:
//
//   [uwsgi]
//   socket = 127.0.0.1:3031
//   processes = 4
//   harakiri = 30
//
// → 4 workers on 127.0.0.1:3031, each request killed after 30 s; listen queue 100 (the default).
import type { ParseIssue, Setting, SourceLoc } from '../../model/setting.js';
import { byDefault } from '../../model/setting.js';
import type { Duration } from '../../model/units.js';
import { clip } from './include.js';
import type { ConfigParser, Listener } from './types.js';

export interface UwsgiSocket {
  /** "socket", "http-socket", "http", "uwsgi-socket", "fastcgi-socket", "shared-socket". */
  kind: string;
  address: string;
  host?: string;
  port?: number;
  unix?: string;
  loc: SourceLoc;
}

export interface UwsgiConfig {
  /** Every option of [uwsgi], normalised with `-`, each occurrence kept. */
  options: Record<string, { value: string; loc: SourceLoc }[]>;
  /** Seconds before a request's worker is killed; 0 = off (the default). */
  harakiri: Setting<Duration>;
  processes: Setting<number>;
  threads: Setting<number>;
  /** listen(2) backlog of the sockets; default 100. */
  listen: Setting<number>;
  master: Setting<boolean>;
  sockets: UwsgiSocket[];
}

const DOCS = 'uWSGI docs, Configuration options (https://uwsgi-docs.readthedocs.io/en/latest/Options.html)';
export const UWSGI_DEFAULTS = {
  harakiri: { value: 0, source: `${DOCS}: harakiri is off unless set` },
  processes: { value: 1, source: `${DOCS}: processes/workers default 1` },
  threads: { value: 1, source: `${DOCS}: threads default 1 (no threads)` },
  listen: { value: 100, source: `${DOCS}: listen, "set the socket listen queue size", default 100` },
  master: { value: false, source: `${DOCS}: master off unless set` },
};

const SOCKET_KINDS = new Set([
  'socket',
  'uwsgi-socket',
  'http-socket',
  'http',
  'https',
  'fastcgi-socket',
  'shared-socket',
]);

export function uwsgiAddress(address: string): { host?: string; port?: number; unix?: string } {
  const a = address.split(',')[0].trim();
  if (a.startsWith('/') || a.startsWith('@')) return { unix: a };
  const m = /^(\[[^\]]+\]|[^:]*):(\d+)$/.exec(a);
  if (!m) return {};
  return { host: m[1] === '' ? undefined : m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

/** Options of one section of an ini file, names normalised (`_` → `-`). */
function readSection(path: string, text: string, wanted: string, issues: ParseIssue[]): UwsgiConfig['options'] {
  const options: UwsgiConfig['options'] = Object.create(null);
  let section = '';
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const loc = { path, line: i + 1 };
    const header = /^\[([^\]]*)\]$/.exec(line);
    if (header) {
      section = header[1].trim();
      continue;
    }
    if (section !== wanted) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) {
      // A bare name is a boolean flag set to true, as on the command line.
      if (/^[\w-]+$/.test(line)) (options[line.replace(/_/g, '-').toLowerCase()] ??= []).push({ value: 'true', loc });
      else issues.push({ ...loc, message: `expected "option = value", got "${clip(line)}"` });
      continue;
    }
    const key = line.slice(0, eq).trim().replace(/_/g, '-').toLowerCase();
    (options[key] ??= []).push({ value: line.slice(eq + 1).trim(), loc });
  }
  return options;
}

export const uwsgiParser: ConfigParser<UwsgiConfig> = {
  id: 'uwsgi',
  detect(path, sample) {
    if (!/^\[uwsgi\][ \t]*$/m.test(sample)) return 0;
    const keys = sample.match(
      /^(socket|http-socket|http|module|wsgi-file|processes|workers|master|harakiri|chdir|plugins?|callable|vacuum|threads)[ \t]*=/gm,
    );
    return (keys?.length ?? 0) >= 1 || /uwsgi/.test(path) ? 0.9 : 0.6;
  },
  parse({ path, text }) {
    const issues: ParseIssue[] = [];
    const options = readSection(path, text, 'uwsgi', issues);
    const last = (...names: string[]) =>
      names
        .flatMap((n) => options[n] ?? [])
        .sort((a, b) => a.loc.line - b.loc.line)
        .at(-1);
    const num = (d: { value: number; source: string }, ...names: string[]): Setting<number> => {
      const e = last(...names);
      if (!e) return byDefault(d.value, d.source);
      if (!/^\d+$/.test(e.value)) {
        if (!e.value.includes('%(') && !e.value.includes('$('))
          issues.push({ ...e.loc, message: `${names[0]}: expected a number, got "${clip(e.value)}"` });
        return byDefault(d.value, d.source);
      }
      return { value: Number(e.value), raw: e.value, loc: e.loc, isDefault: false };
    };
    const D = UWSGI_DEFAULTS;
    const harakiri = num({ value: D.harakiri.value, source: D.harakiri.source }, 'harakiri');
    const masterEntry = last('master');
    const sockets: UwsgiSocket[] = [];
    for (const kind of SOCKET_KINDS) {
      for (const e of options[kind] ?? [])
        sockets.push({ kind, address: e.value, ...uwsgiAddress(e.value), loc: e.loc });
    }
    sockets.sort((a, b) => a.loc.line - b.loc.line);
    const data: UwsgiConfig = {
      options,
      harakiri: harakiri.isDefault ? harakiri : { ...harakiri, value: harakiri.value * 1000 },
      processes: num(D.processes, 'processes', 'workers', 'p'),
      threads: num(D.threads, 'threads'),
      listen: num(D.listen, 'listen', 'l'),
      master: masterEntry
        ? {
            value: /^(true|1|yes|on)$/i.test(masterEntry.value),
            raw: masterEntry.value,
            loc: masterEntry.loc,
            isDefault: false,
          }
        : byDefault(D.master.value, D.master.source),
      sockets,
    };
    return { data, issues, consumed: [] };
  },
  listeners(data): Listener[] {
    return data.sockets.flatMap((s) =>
      s.port === undefined ? [] : [{ role: 'uwsgi', name: `${s.kind} ${s.address}`, port: s.port, host: s.host }],
    );
  },
};
