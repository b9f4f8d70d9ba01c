// Seeds of the fuzz properties, all real: each log format's own samples, the signature catalog's samples, the
// lines of the log fixtures and of the lab corpus (grouped by the format they are detected as), the config
// fixture folders and the configs of the lab corpus bundles, and nginx log_format strings as people write them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { nginxParser } from '../../src/formats/config/nginx.js';
import { detectLogFormat, LOG_FORMATS } from '../../src/formats/log/registry.js';
import type { LogFormatId } from '../../src/model/event.js';
import { SIGNATURES } from '../../src/signatures/catalog.js';
import { noFS } from '../helpers/config-fixture.js';

const root = new URL('../../', import.meta.url).pathname;
const LOG_FIXTURES = join(root, 'test/fixtures/log');
const CONFIG_FIXTURES = join(root, 'test/fixtures/config');
const CORPUS = join(root, 'test/corpus');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

const isCorpusLog = (rel: string) =>
  /(^|\/)(var\/log|logs)\//.test(rel) || /\.log$/.test(rel) || /\/pm2\.log$/.test(rel);

/** Lines of every log fixture and of the first lines of every corpus log, by the format each file is detected as. */
function fixtureLines(): Map<LogFormatId, string[]> {
  const byFormat = new Map<LogFormatId, string[]>();
  const add = (path: string, lines: string[]) => {
    const detected = detectLogFormat(lines.slice(0, 50), path);
    if (!detected) return;
    let list = byFormat.get(detected.format.id);
    if (!list) byFormat.set(detected.format.id, (list = []));
    list.push(...lines);
  };
  for (const file of filesUnder(LOG_FIXTURES)) {
    add(file, readFileSync(file, 'utf8').split('\n').filter(Boolean));
  }
  for (const scenario of readdirSync(CORPUS).sort()) {
    const dir = join(CORPUS, scenario);
    for (const file of filesUnder(dir)) {
      if (!isCorpusLog(relative(dir, file))) continue;
      // The first lines are enough to seed from; the corpus logs are up to hundreds of KB.
      add(file, readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(0, 30));
    }
  }
  return byFormat;
}

let logSeedCache: Map<LogFormatId, string[]> | undefined;

/** Real lines for a format: its own samples, the samples of signatures tried on it, and fixture lines detected as it. */
export function logSeeds(id: LogFormatId): string[] {
  if (!logSeedCache) {
    logSeedCache = new Map();
    const lines = fixtureLines();
    for (const format of LOG_FORMATS) {
      const signatureSamples = SIGNATURES.filter((s) => s.formats.includes(format.id)).flatMap((s) => s.samples);
      const all = [...format.samples, ...signatureSamples, ...(lines.get(format.id) ?? [])];
      logSeedCache.set(format.id, [...new Set(all)]);
    }
  }
  return logSeedCache.get(id) ?? [];
}

/** Every seed line of every format (for the properties that take any line). */
export function allLogSeeds(): string[] {
  return [...new Set(LOG_FORMATS.flatMap((f) => logSeeds(f.id)))];
}

/** A set of config files read together (an include resolves inside its set), keyed by path as audit sees them. */
export interface ConfigSet {
  name: string;
  files: Record<string, string>;
}

const HOST_ROOT_DIRS = new Set(['etc', 'lib', 'proc', 'sys', 'var', 'home', 'opt', 'usr', 'srv', 'run', 'root']);

function readSet(name: string, dir: string, keep: (rel: string) => boolean = () => true): ConfigSet {
  const files: Record<string, string> = {};
  for (const file of filesUnder(dir)) {
    const rel = relative(dir, file).split('\\').join('/');
    if (keep(rel)) files[rel] = readFileSync(file, 'utf8');
  }
  return { name, files };
}

let configSetCache: ConfigSet[] | undefined;

/**
 * The config fixture folders (a variant folder per set; a format folder that holds a host tree such as `etc/` is
 * one set; loose files of a format folder are one set) and the configs of each lab corpus bundle.
 */
export function configSets(): ConfigSet[] {
  if (configSetCache) return configSetCache;
  const sets: ConfigSet[] = [];
  for (const format of readdirSync(CONFIG_FIXTURES).sort()) {
    const dir = join(CONFIG_FIXTURES, format);
    const entries = readdirSync(dir).sort();
    const subdirs = entries.filter((e) => statSync(join(dir, e)).isDirectory());
    if (subdirs.some((d) => HOST_ROOT_DIRS.has(d))) {
      sets.push(readSet(`config/${format}`, dir));
      continue;
    }
    for (const sub of subdirs) sets.push(readSet(`config/${format}/${sub}`, join(dir, sub)));
    const loose = entries.filter((e) => !subdirs.includes(e));
    if (loose.length > 0) {
      const files: Record<string, string> = {};
      for (const name of loose) files[name] = readFileSync(join(dir, name), 'utf8');
      sets.push({ name: `config/${format}`, files });
    }
  }
  for (const scenario of readdirSync(CORPUS).sort()) {
    const dir = join(CORPUS, scenario);
    if (!statSync(dir).isDirectory()) continue;
    sets.push(readSet(`corpus/${scenario}`, dir, (rel) => !isCorpusLog(rel) && rel !== 'MANIFEST.json'));
  }
  configSetCache = sets.filter((s) => Object.keys(s.files).length > 0);
  return configSetCache;
}

export interface LogFormatSeed {
  format: string;
  escape?: 'default' | 'json' | 'none';
}

/**
 * nginx log_format values as written in nginx.conf: the fixtures' own and the well-known ones — `combined` (built
 * in), `main` (the nginx.conf that nginx.org packages ship), `compression` (the ngx_http_log_module docs' example),
 * the nginx blog's `upstream_time`, and JSON formats with escape=json.
 */
const KNOWN_LOG_FORMATS: LogFormatSeed[] = [
  {
    format:
      '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"',
  },
  {
    format:
      '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"',
  },
  {
    format:
      '$remote_addr - $remote_user [$time_local] "$request" $status $bytes_sent "$http_referer" "$http_user_agent" "$gzip_ratio"',
  },
  {
    format:
      '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"rt=$request_time uct="$upstream_connect_time" uht="$upstream_header_time" urt="$upstream_response_time"',
  },
  {
    format:
      '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $upstream_response_time',
  },
  {
    format:
      '{"time":"$time_iso8601","remote_addr":"$remote_addr","request":"$request","status":$status,"request_time":$request_time,"upstream_response_time":"$upstream_response_time"}',
    escape: 'json',
  },
  {
    format:
      '{"ts":"$msec","addr":"$remote_addr","method":"$request_method","uri":"$request_uri","status":$status,"bytes":$bytes_sent,"us":"$upstream_status","ua":"$http_user_agent","auth":"$http_authorization"}',
    escape: 'json',
  },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: nginx's own ${var} syntax
  { format: '${remote_addr}|${time_local}|$uri|$status|$upstream_addr', escape: 'none' },
];

let logFormatCache: LogFormatSeed[] | undefined;

/** The well-known log_format values and every `log_format` of the nginx configs among the config sets. */
export function logFormatSeeds(): LogFormatSeed[] {
  if (logFormatCache) return logFormatCache;
  const out = [...KNOWN_LOG_FORMATS];
  for (const set of configSets()) {
    for (const [path, text] of Object.entries(set.files)) {
      if (!text.includes('log_format')) continue;
      for (const f of nginxParser.parse({ path, text, fs: noFS }).data.logFormats) {
        const mode = f.escape === 'json' || f.escape === 'none' || f.escape === 'default' ? f.escape : undefined;
        out.push(mode ? { format: f.format, escape: mode } : { format: f.format });
      }
    }
  }
  logFormatCache = out;
  return out;
}
