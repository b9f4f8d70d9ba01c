// The project config that `investigate` and `audit` share: `--config <file>`, else faultline.config.yaml or
// faultline.config.json found by searching upward from the working directory (docs/config.md). One loader, one
// schema (schemas/faultline-config.schema.json), validated at load; every problem is one line naming the file, its
// line when the text tells it, and the key path: `faultline.config.yaml:7: formats.hdfs.regex: …`.
// Sections: `formats:` (user-defined log formats), `ignore:` (suppressions of findings, with a reason and an expiry)
// and `rules:` (a severity per rule, or off). Rule ids are checked against the rules by the command (src/audit/),
// which knows them; this layer only knows the shapes and where each entry was written.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { compileUserFormat, sampleMismatch, type UserFormatSpec } from '../formats/log/user-format.js';
import { LOG_FORMAT_IDS } from '../model/ids.generated.js';
import { checkLinear } from './linear-regex.js';
import { checkFormatSpec } from './user-format-check.js';

/** Searched for in each directory, in this order; both in one directory is an error (which one is meant?). */
export const CONFIG_NAMES = ['faultline.config.yaml', 'faultline.config.json'] as const;

/** A config that cannot be used: its message is one line, ready for stderr (the CLI exits 2). */
export class ConfigError extends Error {}

export type RuleLevel = 'off' | 'info' | 'warning' | 'error';

/** One entry of `ignore:`, with the line it starts on (for the findings about it). */
export interface IgnoreEntry {
  rule: string;
  /** Globs; undefined: every path. */
  paths?: string[];
  reason?: string;
  /** YYYY-MM-DD, a real date (checked at load). */
  expires?: string;
  line: number;
}

export interface ProjectConfig {
  /** The file as named on the command line, or relative to the working directory when found. */
  path: string;
  formats: UserFormatSpec[];
  ignore: IgnoreEntry[];
  /** `rules:` — rule id → level, and the line of each key. */
  rules: Record<string, { level: RuleLevel; line: number }>;
}

export interface LoadOptions {
  /** --config */
  config?: string;
  cwd?: string;
}

/**
 * The config file that applies to `cwd`: the nearest faultline.config.yaml/.json in it or a parent directory. The
 * search stops after the first directory holding `.git` (the project's root: a config above it belongs to another
 * project) or at the filesystem root.
 */
export function findConfig(cwd: string): string | null {
  let dir = resolve(cwd);
  for (;;) {
    const found = CONFIG_NAMES.map((n) => join(dir, n)).filter((p) => isFile(p));
    if (found.length > 1) throw new ConfigError(`${found.join(' and ')}: two config files in one directory; keep one`);
    if (found.length === 1) return found[0] as string;
    const parent = dirname(dir);
    if (existsSync(join(dir, '.git')) || parent === dir) return null;
    dir = parent;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export async function loadProjectConfig(opts: LoadOptions = {}): Promise<ProjectConfig | null> {
  const cwd = opts.cwd ?? process.cwd();
  const abs = opts.config !== undefined ? resolve(cwd, opts.config) : findConfig(cwd);
  if (abs === null) return null;
  const shown = opts.config ?? relative(cwd, abs);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new ConfigError(`${shown}: cannot read the config file (${e.code ?? e.message})`);
  }
  const parsed = parseConfigText(shown, text);
  validateShape(shown, parsed);
  const formats = Object.entries(parsed.value.formats ?? {}).map(([name, spec]) => ({ ...spec, name }));
  await checkFormats(shown, parsed, formats);
  return { path: shown, formats, ignore: ignoreEntries(shown, parsed), rules: ruleLevels(shown, parsed) };
}

const lineOf = (shown: string, parsed: Parsed, path: (string | number)[]) =>
  Number(at(shown, parsed, path).slice(shown.length + 1)) || 1;

function ignoreEntries(shown: string, parsed: Parsed): IgnoreEntry[] {
  return (parsed.value.ignore ?? []).map((entry, i) => {
    if (entry.expires !== undefined && !isRealDate(entry.expires))
      throw new ConfigError(`${at(shown, parsed, ['ignore', i, 'expires'])}: ignore[${i}].expires: not a real date`);
    return { ...entry, line: lineOf(shown, parsed, ['ignore', i]) };
  });
}

function ruleLevels(shown: string, parsed: Parsed): ProjectConfig['rules'] {
  const out: ProjectConfig['rules'] = {};
  for (const [id, level] of Object.entries(parsed.value.rules ?? {}))
    out[id] = { level, line: lineOf(shown, parsed, ['rules', id]) };
  return out;
}

/** 2026-02-30 matches the schema's pattern but is no day. */
function isRealDate(ymd: string): boolean {
  const d = new Date(`${ymd}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === ymd;
}

/** The config's value as the schema describes it (after validation). */
interface ConfigValue {
  version?: 1;
  formats?: Record<string, Omit<UserFormatSpec, 'name'>>;
  ignore?: Omit<IgnoreEntry, 'line'>[];
  rules?: Record<string, RuleLevel>;
}

interface Parsed {
  doc: Document;
  lines: LineCounter;
  value: ConfigValue;
}

/** YAML, or JSON for a `.json` file (JSON is YAML too, which gives the line of every key for the messages). */
function parseConfigText(shown: string, text: string): Parsed {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (/\.json$/i.test(shown)) {
    try {
      JSON.parse(text);
    } catch (err) {
      const message = (err as Error).message;
      const at = /position (\d+)/.exec(message);
      const line = at ? `:${lines.linePos(Number(at[1])).line}` : '';
      throw new ConfigError(`${shown}${line}: not valid JSON (${jsonProblem(message)})`);
    }
  }
  const bad = doc.errors[0];
  if (bad) {
    const line = bad.linePos?.[0]?.line;
    const first = bad.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(`${shown}${line ? `:${line}` : ''}: not valid YAML (${first})`);
  }
  const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (value === null || value === undefined) return { doc, lines, value: {} };
  return { doc, lines, value: value as ConfigValue };
}

/**
 * What is wrong, from Node's JSON.parse message, without where (the line is given already: "… in JSON at position
 * 42 (line 3 column 5)") and without the excerpt of the text Node quotes ("Unexpected token ',', "…\n…" is not
 * valid JSON"), which may hold line breaks: the problem stays one line.
 */
function jsonProblem(message: string): string {
  let end = message.length;
  for (const cut of [' in JSON at position', ', "', ', ...']) {
    const at = message.indexOf(cut);
    if (at > 0 && at < end) end = at;
  }
  return message.slice(0, end).replaceAll('\n', ' ').replaceAll('\r', ' ');
}

const SCHEMA = new URL('../../schemas/faultline-config.schema.json', import.meta.url);
const validator = { compiled: undefined as ReturnType<Ajv['compile']> | undefined };

function validateShape(shown: string, parsed: Parsed): void {
  if (!validator.compiled) {
    const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
    validator.compiled = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
  }
  const validate = validator.compiled;
  if (validate(parsed.value)) return;
  const e = (validate.errors ?? [])[0] as ErrorObject;
  const segments = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const { key, message } = describe(e);
  const path = key === undefined ? segments : [...segments, key];
  throw new ConfigError(`${at(shown, parsed, path)}: ${keyPath(path) || '(top level)'}: ${message}`);
}

/** An Ajv error as a sentence, and the key it is about when that key is not in its instance path. */
function describe(e: ErrorObject): { key?: string; message: string } {
  const p = e.params as Record<string, unknown>;
  // A key refused by `propertyNames` (Ajv reports the inner keyword, naming the key).
  if (e.propertyName !== undefined)
    return {
      key: e.propertyName,
      message: e.instancePath.startsWith('/rules')
        ? 'a rule id is kebab-case (a-z, 0-9 and -), as `faultline rules` lists them'
        : 'a format name is 1–40 of a-z, 0-9, _ and -',
    };
  switch (e.keyword) {
    case 'additionalProperties':
      return { key: String(p.additionalProperty), message: 'unknown key' };
    case 'required':
      return { message: `missing required key "${String(p.missingProperty)}"` };
    case 'enum':
      return { message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { message: `must be ${JSON.stringify(p.allowedValue)}` };
    default:
      return { message: e.message ?? e.keyword };
  }
}

/** `formats.hdfs.regex[0]` */
export function keyPath(path: readonly (string | number)[]): string {
  return path
    .map((s, i) => (typeof s === 'number' || /^\d+$/.test(String(s)) ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join('');
}

/** `file:line` for the key or item at `path` (its nearest existing ancestor when it is missing). */
export function at(shown: string, parsed: Parsed, path: readonly (string | number)[]): string {
  for (let n = path.length; n >= 0; n--) {
    const keys = path.slice(0, n).map((s) => (/^\d+$/.test(String(s)) ? Number(s) : s));
    const start = startOf(parsed.doc, keys);
    if (start !== undefined) return `${shown}:${parsed.lines.linePos(start).line}`;
  }
  return shown;
}

/** Where the node at `keys` starts: a map entry at its key (the line a reader looks for), an item at itself. */
function startOf(doc: Document, keys: (string | number)[]): number | undefined {
  const rangeOf = (node: unknown) => (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
  if (keys.length === 0) return rangeOf(doc.contents);
  const parent = keys.length === 1 ? doc.contents : doc.getIn(keys.slice(0, -1), true);
  const last = keys[keys.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last));
    return pair ? rangeOf(pair.key) : undefined;
  }
  return isSeq(parent) && typeof last === 'number' ? rangeOf(parent.items[last]) : undefined;
}

/** What the schema cannot say: regexes that compile, are linear and have the groups named; samples that parse. */
async function checkFormats(shown: string, parsed: Parsed, formats: UserFormatSpec[]): Promise<void> {
  const fail = (path: (string | number)[], message: string) =>
    new ConfigError(`${at(shown, parsed, path)}: ${keyPath(path)}: ${message}`);
  const known = new Set<string>(LOG_FORMAT_IDS);
  for (const spec of formats) {
    const problem = checkFormatSpec(spec, known);
    if (problem) throw fail(['formats', spec.name, ...problem.path], problem.message);
  }
  // Every pattern is checked before any sample runs: a super-linear regex must not meet its own samples.
  const patterns = formats.flatMap((spec) => patternsOf(spec));
  const verdicts = await Promise.all(patterns.map((p) => checkLinear(p.source, '')));
  verdicts.forEach((v, i) => {
    const p = patterns[i] as (typeof patterns)[number];
    if (!v.linear)
      throw fail(p.path, `the regex is not linear-time: ${v.why}; rewrite it without nested or overlapping repeats`);
  });
  for (const spec of formats) {
    const format = compileUserFormat(spec);
    spec.samples.forEach((sample, i) => {
      const why = sampleMismatch(format, sample);
      if (why) throw fail(['formats', spec.name, 'samples', i], `${why} (line: ${clip(sample.line)})`);
    });
  }
}

function patternsOf(spec: UserFormatSpec): { source: string; path: (string | number)[] }[] {
  const base = ['formats', spec.name];
  const out = Array.isArray(spec.regex)
    ? spec.regex.map((source, i) => ({ source, path: [...base, 'regex', i] }))
    : [{ source: spec.regex, path: [...base, 'regex'] }];
  if (typeof spec.multiline === 'object')
    out.push({ source: spec.multiline.continuation, path: [...base, 'multiline', 'continuation'] });
  return out;
}

const clip = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);
