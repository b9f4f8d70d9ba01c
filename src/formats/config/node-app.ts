// A Node.js application's own settings, read statically (never executed): HTTP server timeouts,
// listen ports and DB pool sizes from JS/TS sources (server.js, db.js, knexfile.js), the Node version
// and process managers from package.json, .nvmrc/.node-version and Dockerfiles.
//
// JS and TS sources are read the same way: acorn's tokenizer finds the sites (`x.keepAliveTimeout =`,
// `.listen(`, `createPool({`, `new Pool({`, object literals with a knex `client` or a Sequelize
// `dialect`), and each value is parsed from its offset with acorn and evaluated statically. That copes
// with TypeScript as long as the values themselves carry no type syntax (`{ max: 10 } as PoolConfig`
// is still read; a value with an inline annotation is skipped). Top-level constants come from the
// parsed program for JS, and from a `const NAME =` token scan when acorn cannot parse the file (TS).
//
// Sample (an Express server):
//
//   const PORT = process.env.PORT || 3000;
//   const server = app.listen(PORT);
//   server.keepAliveTimeout = 5000;
//
// → listenPorts [3000 (raw "process.env.PORT || 3000", line 1)], keepAliveTimeout 5000 ms (line 3)
import * as acorn from 'acorn';
import { full as walkFull } from 'acorn-walk';
import { byDefault, type ParseIssue, type Setting, type SourceLoc, written } from '../../model/setting.js';
import { asNumber, asString, type JsValue, jsonValue, parseJs, prop, StaticEvaluator } from './static-js.js';
import type { ConfigParser, DbPoolLibrary, NodeAppConfig, NodeDbPool } from './types.js';

const KNEX_DEFAULT = 'knex docs, "pool": default { min: 2, max: 10 } (knex lib/client.js getPoolSettings)';
const MYSQL_DEFAULT = 'mysql/mysql2 docs, pool options: connectionLimit default 10';
const PG_DEFAULT = 'node-postgres docs, pg.Pool: max default 10';
const SEQUELIZE_DEFAULT = 'Sequelize docs, "Connection Pool": pool max default 5';

const TIMEOUT_KEYS = ['keepAliveTimeout', 'headersTimeout', 'requestTimeout'] as const;
const PROCESS_MANAGERS = ['forever', 'pm2', 'nodemon', 'pm2-runtime'];

export const nodeAppParser: ConfigParser<NodeAppConfig> = {
  id: 'node-app',
  detect(path, sample) {
    const name = path.split('/').pop() ?? '';
    if (name === 'package.json') return /"(dependencies|scripts|engines)"\s*:/.test(sample) ? 0.9 : 0.6;
    if (name === '.nvmrc' || name === '.node-version') return /^\s*v?\d+|lts\//.test(sample) ? 0.9 : 0.3;
    if (/^Dockerfile/.test(name) || name.endsWith('.dockerfile'))
      return /^[ \t]*FROM[ \t]+(?:\S*\/)?node:/im.test(sample) ? 0.8 : 0;
    if (!/\.(c?js|mjs|ts|cts|mts)$/.test(name)) return 0;
    let score = 0;
    if (/\.(keepAliveTimeout|headersTimeout|requestTimeout)\s*=/.test(sample)) score += 0.5;
    if (
      /\.listen\s*\(/.test(sample) &&
      /require\(['"](?:node:)?(express|http|https|koa|fastify)['"]\)|from ['"](?:node:)?(express|http|https|koa|fastify)['"]/.test(
        sample,
      )
    )
      score += 0.55;
    if (
      /createPool\s*\(|new\s+(pg\.)?Pool\s*\(|\bclient\s*:\s*['"](pg|mysql2?|postgres(ql)?)['"]|new\s+Sequelize\s*\(/.test(
        sample,
      )
    )
      score += 0.5;
    if (/^knexfile\.(c?js|ts)$/.test(name)) score += 0.3;
    return Math.min(score, 0.85);
  },
  parse({ path, text }) {
    const issues: ParseIssue[] = [];
    const data: NodeAppConfig = { listenPorts: [], pools: [], processManagers: [] };
    const name = path.split('/').pop() ?? '';
    if (name === 'package.json') readPackageJson(path, text, data, issues);
    else if (name === '.nvmrc' || name === '.node-version') readVersionFile(path, text, data, issues);
    else if (/^Dockerfile/.test(name) || name.endsWith('.dockerfile')) readDockerfile(path, text, data);
    else readSource(path, text, data, issues);
    return { data, issues, consumed: [] };
  },
};

// ------------------------------------------------------------------ package.json, .nvmrc, Dockerfile

function readPackageJson(path: string, text: string, data: NodeAppConfig, issues: ParseIssue[]): void {
  const { value, error } = jsonValue(text);
  if (value?.kind !== 'object') {
    issues.push({
      path,
      line: error?.line ?? 1,
      message: `expected package.json to be a JSON object${error ? `: ${error.message}` : ''}`,
    });
    return;
  }
  const name = asString(value.props.get('name'));
  if (name) data.packageName = name;
  const engine = prop(value.props.get('engines'), 'node');
  if (engine) {
    const v = asString(engine);
    if (v) data.nodeVersion = written(v, { path, line: engine.line }, engine.source);
    else issues.push({ path, line: engine.line, message: 'expected engines.node as a version range string' });
  }
  const start = prop(value.props.get('scripts'), 'start');
  const startCmd = asString(start);
  const seen = new Set<string>();
  if (start && startCmd) {
    for (const word of startCmd.split(/[\s;&|]+/)) {
      const bin = word.split('/').pop() ?? word;
      if (PROCESS_MANAGERS.includes(bin) && !seen.has(bin)) {
        seen.add(bin);
        data.processManagers.push(written(bin === 'pm2-runtime' ? 'pm2' : bin, { path, line: start.line }, startCmd));
      }
    }
  }
  for (const depKey of ['dependencies', 'devDependencies']) {
    const deps = value.props.get(depKey);
    if (deps?.kind !== 'object') continue;
    for (const pm of ['forever', 'pm2', 'nodemon']) {
      const dep = deps.props.get(pm);
      if (dep && !seen.has(pm)) {
        seen.add(pm);
        data.processManagers.push(written(pm, { path, line: dep.line }, `"${pm}": ${dep.source}`));
      }
    }
  }
}

function readVersionFile(path: string, text: string, data: NodeAppConfig, issues: ParseIssue[]): void {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    if (/^(v?\d+(\.\d+){0,2}|lts\/[\w*-]+|node|stable|latest)$/i.test(line)) {
      data.nodeVersion = written(line.replace(/^v/, ''), { path, line: i + 1 }, line);
    } else
      issues.push({ path, line: i + 1, message: 'expected a Node version like "18", "v20.11.1" or "lts/hydrogen"' });
    return;
  }
}

function readDockerfile(path: string, text: string, data: NodeAppConfig): void {
  const lines = text.split(/\r?\n/);
  // The last FROM is the image that runs (multi-stage builds).
  for (let i = 0; i < lines.length; i++) {
    const m =
      /^\s*FROM\s+(?:--platform=\S+\s+)?(?:[\w.-]+(?::\d+)?\/)?(?:library\/)?node(?::([\w.-]+))?(?:@\S+)?(?:\s|$)/i.exec(
        lines[i],
      );
    if (!m) {
      if (/^\s*FROM\s/i.test(lines[i])) delete data.nodeVersion;
      continue;
    }
    const tag = m[1] ?? 'latest';
    const version = /^\d+(\.\d+){0,2}/.exec(tag)?.[0] ?? tag.split('-')[0];
    data.nodeVersion = written(version, { path, line: i + 1 }, lines[i].trim());
  }
}

// ------------------------------------------------------------------ JS / TS sources

interface Tok {
  type: string;
  value: unknown;
  start: number;
  end: number;
  line: number;
}

function tokens(text: string): Tok[] {
  const out: Tok[] = [];
  try {
    const it = acorn.tokenizer(text, { ecmaVersion: 'latest', locations: true, allowHashBang: true });
    for (const t of it) {
      out.push({
        type: t.type.label,
        value: (t as acorn.Token & { value?: unknown }).value,
        start: t.start,
        end: t.end,
        line: t.loc?.start.line ?? 1,
      });
      if (out.length > 200_000) break;
    }
  } catch {
    // TS syntax the tokenizer cannot follow (rare: a `<T>` cast read as a regex): keep what was read.
  }
  return out;
}

/** AST nodes that are not expressions, though they may start where one does. */
const NOT_EXPRESSION =
  /Statement$|Declaration$|Declarator$|^(?:Program|Property|SpreadElement|TemplateElement|SwitchCase|CatchClause|MethodDefinition|PropertyDefinition|ClassBody|StaticBlock)$/;
/** Sites of a file acorn cannot parse (TS) that are read, each by a parse of its own. */
const MAX_TS_SITES = 500;

/** Nodes of a parsed program by start offset (one walk), so a site's value is read off the one parse. */
function nodesByStart(program: acorn.Program): Map<number, acorn.Node[]> {
  const out = new Map<number, acorn.Node[]>();
  walkFull(program, (node) => {
    const list = out.get(node.start);
    if (list) list.push(node);
    else out.set(node.start, [node]);
  });
  return out;
}

/**
 * For each token, where an expression starting there stops: the first `,` or `;` at its depth or the closer of
 * the bracket around it. One pass, each token resolved once (a forward scan from every site was quadratic).
 */
function expressionStops(toks: Tok[], end: number): number[] {
  const stops: number[] = new Array(toks.length).fill(end);
  const pending: number[][] = [[]];
  for (let j = 0; j < toks.length; j++) {
    const type = toks[j].type;
    const level = pending[pending.length - 1] as number[];
    if (type === ')' || type === ']' || type === '}') {
      // A closer or separator stops the expressions waiting at its level, and one starting on it at once.
      for (const i of level) stops[i] = toks[j].start;
      stops[j] = toks[j].start;
      if (pending.length > 1) pending.pop();
      else level.length = 0;
      continue;
    }
    if (type === ',' || type === ';') {
      for (const i of level) stops[i] = toks[j].start;
      stops[j] = toks[j].start;
      level.length = 0;
      continue;
    }
    level.push(j);
    if (type === '(' || type === '[' || type === '{' || type === '${') pending.push([]);
  }
  return stops;
}

/** TS: top-level `const NAME = <expr>` by tokens (depth 0 only), at most MAX_TS_SITES of them. */
function bindTopLevelConsts(toks: Tok[], text: string, ev: StaticEvaluator): void {
  let bound = 0;
  let depth = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.type === '{' || t.type === '(' || t.type === '[' || t.type === '${') depth++;
    else if (t.type === '}' || t.type === ')' || t.type === ']') depth--;
    else if (
      depth === 0 &&
      (t.value === 'const' || t.value === 'let' || t.value === 'var') &&
      toks[i + 1]?.type === 'name'
    ) {
      const eqIndex = toks[i + 2]?.type === '=' ? i + 2 : undefined;
      if (eqIndex === undefined) continue;
      if (++bound > MAX_TS_SITES) return;
      try {
        ev.bind(
          String(toks[i + 1].value),
          acorn.parseExpressionAt(text, toks[eqIndex + 1]?.start ?? text.length, {
            ecmaVersion: 'latest',
            locations: true,
          }),
        );
      } catch {
        // value with type syntax: not bound
      }
    }
  }
}

/** What readObjectSite needs of the file being read. */
interface ObjectSite {
  path: string;
  data: NodeAppConfig;
  issues: ParseIssue[];
  toks: Tok[];
  exprAt: (index: number) => JsValue | undefined;
  loc: (v: JsValue) => SourceLoc;
  usesMysql2: boolean;
  usesPg: boolean;
}

/** An object literal at token `i`: `http.createServer({…})` timeouts, or a knex/Sequelize/mysql/pg pool. */
function readObjectSite(site: ObjectSite, i: number): void {
  const { path, data, issues, toks, exprAt, loc, usesMysql2, usesPg } = site;
  const prev = toks[i - 1];
  const callee = prev?.type === '(' ? calleeName(toks, i - 2) : undefined;
  if (
    !(
      prev?.type === '(' ||
      prev?.type === '=' ||
      prev?.type === ':' ||
      prev?.type === ',' ||
      prev?.value === 'return' ||
      prev?.value === 'default'
    )
  )
    return;
  const v = exprAt(i);
  if (v?.kind !== 'object') return;
  if (callee === 'createServer') {
    for (const key of TIMEOUT_KEYS) {
      const opt = v.props.get(key);
      if (opt) setTimeoutValue(data, key, opt, path, issues);
    }
    return;
  }
  const pool = (
    library: DbPoolLibrary,
    engine: NodeDbPool['engine'],
    max: JsValue | undefined,
    fallback: () => Setting<number>,
    hostSrc: JsValue | undefined,
  ) => {
    const entry: NodeDbPool = {
      library,
      max: numberSetting(max, path, issues, 'pool max') ?? fallback(),
      loc: loc(v),
    };
    if (engine) entry.engine = engine;
    const host = asString(literalOrFallback(prop(hostSrc, 'host')));
    const hostValue = prop(hostSrc, 'host');
    if (host !== undefined && hostValue) entry.host = written(host, loc(hostValue), hostValue.source);
    const portValue = prop(hostSrc, 'port');
    const port = asNumber(literalOrFallback(portValue));
    if (port !== undefined && portValue) entry.port = written(port, loc(portValue), portValue.source);
    data.pools.push(entry);
  };
  const client = asString(v.props.get('client'));
  if (client && /^(pg|postgres(ql)?|mysql2?|mariadb)$/.test(client)) {
    const connection = v.props.get('connection');
    pool(
      'knex',
      client.startsWith('p') ? 'postgres' : 'mysql',
      prop(v.props.get('pool'), 'max'),
      () => byDefault(10, KNEX_DEFAULT),
      connection,
    );
    return;
  }
  const dialect = asString(v.props.get('dialect'));
  if (dialect && /^(postgres|mysql|mariadb)$/.test(dialect)) {
    pool(
      'sequelize',
      dialect === 'postgres' ? 'postgres' : 'mysql',
      prop(v.props.get('pool'), 'max'),
      () => byDefault(5, SEQUELIZE_DEFAULT),
      v,
    );
    return;
  }
  if (callee === 'createPool' && !v.props.has('create')) {
    pool(
      usesMysql2 ? 'mysql2' : 'mysql',
      'mysql',
      v.props.get('connectionLimit'),
      () => byDefault(10, MYSQL_DEFAULT),
      v,
    );
    return;
  }
  if (
    callee === 'Pool' &&
    toksBefore(toks, i - 2, 'new') &&
    (usesPg || v.props.has('max') || v.props.has('connectionString'))
  ) {
    pool('pg', 'postgres', v.props.get('max'), () => byDefault(10, PG_DEFAULT), v);
  }
}

function readSource(path: string, text: string, data: NodeAppConfig, issues: ParseIssue[]): void {
  const parsed = parseJs(text);
  if (parsed.tooDeep) {
    // Not read at all: the token scan below would walk the same nesting from every bracket.
    issues.push({ path, line: parsed.error?.line ?? 1, message: `expected JavaScript: ${parsed.error?.message}` });
    return;
  }
  const isTs = /\.(c|m)?ts$/.test(path);
  if (!parsed.program && !isTs) {
    issues.push({ path, line: parsed.error?.line ?? 1, message: `expected JavaScript: ${parsed.error?.message}` });
  }
  const ev = new StaticEvaluator(text, parsed.program);
  const toks = tokens(text);
  const stops = expressionStops(toks, text.length);
  const byStart = parsed.program ? nodesByStart(parsed.program) : undefined;
  let reparsed = 0;
  /** Value of the expression starting at token `index`, cut at the first `,` `;` or unmatched closer. */
  const exprAt = (index: number): JsValue | undefined => {
    const first = toks[index];
    if (!first) return undefined;
    const stop = stops[index] ?? text.length;
    if (byStart) {
      // Read off the one parse: the largest expression that starts here and ends before the stop.
      let best: acorn.Node | undefined;
      for (const n of byStart.get(first.start) ?? []) {
        if (n.end <= stop && (!best || n.end > best.end) && !NOT_EXPRESSION.test(n.type)) best = n;
      }
      return best ? ev.evaluate(best) : undefined;
    }
    // TS (acorn cannot parse the file): each site is parsed on its own, which costs the length of the text
    // before it (acorn counts lines from the start), so the number of sites read is bounded.
    if (++reparsed > MAX_TS_SITES) return undefined;
    try {
      return ev.evaluate(
        acorn.parseExpressionAt(text.slice(0, stop), first.start, { ecmaVersion: 'latest', locations: true }),
      );
    } catch {
      return undefined;
    }
  };
  if (!parsed.program) bindTopLevelConsts(toks, text, ev);
  const loc = (v: JsValue): SourceLoc => ({ path, line: v.line });
  const usesMysql2 = /['"]mysql2(\/promise)?['"]/.test(text);
  const usesPg = /['"]pg['"]/.test(text);
  const site: ObjectSite = { path, data, issues, toks, exprAt, loc, usesMysql2, usesPg };

  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const prev = toks[i - 1];
    // <x>.keepAliveTimeout = N
    if (
      t.type === 'name' &&
      prev?.type === '.' &&
      toks[i + 1]?.type === '=' &&
      (TIMEOUT_KEYS as readonly string[]).includes(String(t.value))
    ) {
      const v = exprAt(i + 2);
      if (v) setTimeoutValue(data, String(t.value) as (typeof TIMEOUT_KEYS)[number], v, path, issues);
      continue;
    }
    // .listen(PORT) / .listen({ port })
    if (
      t.type === 'name' &&
      t.value === 'listen' &&
      prev?.type === '.' &&
      toks[i + 1]?.type === '(' &&
      toks[i + 2] &&
      toks[i + 2].type !== ')'
    ) {
      const v = exprAt(i + 2);
      const portValue = v?.kind === 'object' ? v.props.get('port') : v;
      const port = portValue?.kind === 'unresolved' ? portValue.fallback : portValue;
      const n = asNumber(port);
      if (portValue && n !== undefined && Number.isInteger(n) && n >= 0 && n < 65536) {
        data.listenPorts.push(written(n, { path, line: toks[i + 2].line }, portValue.source));
      }
      continue;
    }
    if (t.type === '{') readObjectSite(site, i);
  }
}

/** Name called just before `(` at index `i` (`mysql.createPool`, `new pg.Pool`, `knex`). */
function calleeName(toks: Tok[], i: number): string | undefined {
  const t = toks[i];
  return t?.type === 'name' ? String(t.value) : undefined;
}

/** Whether `new` precedes the callee at index `i` (allowing `new pg.Pool`). */
function toksBefore(toks: Tok[], i: number, word: string): boolean {
  for (let j = i - 1; j >= Math.max(0, i - 4); j--) {
    if (toks[j].value === word) return true;
    if (toks[j].type !== '.' && toks[j].type !== 'name') return false;
  }
  return false;
}

function literalOrFallback(v: JsValue | undefined): JsValue | undefined {
  return v?.kind === 'unresolved' ? v.fallback : v;
}

function numberSetting(
  v: JsValue | undefined,
  path: string,
  issues: ParseIssue[],
  what: string,
): Setting<number> | undefined {
  if (!v) return undefined;
  const n = asNumber(literalOrFallback(v));
  if (n === undefined || n < 0) {
    if (v.kind !== 'unresolved')
      issues.push({ path, line: v.line, message: `expected ${what} as a non-negative number` });
    return undefined;
  }
  return written(n, { path, line: v.line }, v.source);
}

function setTimeoutValue(
  data: NodeAppConfig,
  key: (typeof TIMEOUT_KEYS)[number],
  v: JsValue,
  path: string,
  issues: ParseIssue[],
): void {
  // Node's http.Server timeouts are milliseconds; 0 disables the timeout.
  const s = numberSetting(v, path, issues, `${key} in milliseconds`);
  if (s) data[key] = s;
}
