// PM2 ecosystem files: ecosystem.config.js/.cjs/.mjs (read statically, never executed), JSON
// (`{ "apps": [...] }` or a bare array of apps) and YAML (`apps:` list).
//
// Sample (the postmortem's API server, ecosystem.config.js):
//
//   module.exports = {
//     apps: [{
//       name: 'ob_api_server',
//       script: './bin/www',
//       exec_mode: 'cluster',
//       instances: 'max',
//     }],
//   };
//
// → apps[0] = { name: "ob_api_server", instances: "max" (line 6), execMode: "cluster" (line 5),
//   maxMemoryRestart: absent, killTimeout: 1600 ms (default), maxRestarts: 16 (default), autorestart: true (default) }
//
// Defaults are those of PM2's own schema (lib/API/schema.json, docDefault) and lib/Common.js, checked in pm2 7.0.4.
import { LineCounter, parseDocument } from 'yaml';
import { byDefault, type ParseIssue, type Setting, type SourceLoc, written } from '../../model/setting.js';
import { MiB, pm2Size } from '../../model/units.js';
import { trimTrailingSlashes } from './include.js';
import {
  asNumber,
  asString,
  exportedValue,
  type JsValue,
  jsonValue,
  parseJs,
  prop,
  StaticEvaluator,
  yamlNodeValue,
} from './static-js.js';
import type { ConfigParser, Pm2App, Pm2Config } from './types.js';

const SCHEMA = 'PM2 docs, ecosystem file attributes (lib/API/schema.json)';

const PM2_KEYS =
  /\b(exec_mode|instances|max_memory_restart|kill_timeout|max_restarts|autorestart|node_args|interpreter_args|watch|env_production|listen_timeout|min_uptime)\b/g;

/** Interpreters PM2 picks by extension (lib/API/interpreter.json); anything else runs under node. */
const NON_NODE_EXTENSIONS = new Set(['.sh', '.py', '.rb', '.php', '.pl', '.coffee', '.ls']);

/** The text without its whole-line comments (`// …`, `/* …`, ` * …`, `# …` in YAML). */
function withoutCommentLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*(?:\/\/|\/\*|\*|#)/.test(line))
    .join('\n');
}

export const pm2Parser: ConfigParser<Pm2Config> = {
  id: 'pm2',
  detect(path, rawSample) {
    const name = path.split('/').pop() ?? '';
    // Keys quoted in comments (a module documenting PM2's options) are not an ecosystem file's.
    const sample = withoutCommentLines(rawSample);
    // `-` always joins the current part, so the parts split one way only (`([.-][\w-]+)*` was exponential).
    const namedLikePm2 =
      /^(ecosystem|pm2|process)(?:[.-][\w-]+(?:\.[\w-]+)*)?\.(config\.)?(c?js|mjs|json|ya?ml)$/i.test(name);
    const hasApps = /(^|[\s{,"'])apps["']?\s*:/m.test(sample);
    const hasScript = /(^|[\s{,"'])script["']?\s*:/m.test(sample);
    const pm2Keys = new Set(sample.match(PM2_KEYS) ?? []).size;
    if (hasApps && hasScript) return namedLikePm2 || pm2Keys > 0 ? 0.95 : 0.8;
    if (hasScript && pm2Keys >= 2) return 0.75;
    if (namedLikePm2 && (hasApps || hasScript)) return 0.7;
    return 0;
  },
  parse({ path, text }) {
    const issues: ParseIssue[] = [];
    const root = readRoot(path, text, issues);
    const apps: Pm2App[] = [];
    if (root) {
      const list = appList(root);
      if (!list) {
        issues.push({
          path,
          line: root.line,
          message: 'expected an ecosystem object with an "apps" list, or a list of apps',
        });
      } else {
        for (const item of list) {
          if (item.kind !== 'object') {
            issues.push({ path, line: item.line, message: 'expected an app object like { name, script }' });
            continue;
          }
          apps.push(readApp(path, item, issues));
        }
      }
    }
    return { data: { apps }, issues, consumed: [] };
  },
};

function readRoot(path: string, text: string, issues: ParseIssue[]): JsValue | undefined {
  const lower = path.toLowerCase();
  if (/\.ya?ml$/.test(lower)) {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
    for (const e of doc.errors) {
      issues.push({
        path,
        line: lineCounter.linePos(e.pos[0]).line,
        message: `expected valid YAML: ${firstLine(e.message)}`,
      });
    }
    if (!doc.contents) return undefined;
    return yamlNodeValue(doc.contents, text, (o) => lineCounter.linePos(o).line);
  }
  if (lower.endsWith('.json') || /^\s*[[{]/.test(text)) {
    const json = jsonValue(text);
    if (json.value) return json.value;
    if (lower.endsWith('.json')) {
      issues.push({ path, line: json.error?.line ?? 1, message: `expected JSON: ${json.error?.message}` });
      return undefined;
    }
  }
  const parsed = parseJs(text);
  if (!parsed.program) {
    issues.push({ path, line: parsed.error?.line ?? 1, message: `expected JavaScript: ${parsed.error?.message}` });
    return undefined;
  }
  const ev = new StaticEvaluator(text, parsed.program);
  const exported = exportedValue(parsed.program, ev);
  if (!exported) {
    issues.push({
      path,
      line: 1,
      message: 'expected `module.exports = { apps: [...] }` or `export default { apps: [...] }`',
    });
  }
  return exported;
}

function appList(root: JsValue): JsValue[] | undefined {
  if (root.kind === 'array') return root.items;
  if (root.kind !== 'object') return undefined;
  const apps = root.props.get('apps');
  if (apps?.kind === 'array') return apps.items;
  // PM2 also accepts `apps: { … }` and a file holding one app object.
  if (apps?.kind === 'object') return [apps];
  if (!apps && root.props.has('script')) return [root];
  return undefined;
}

function readApp(path: string, app: JsValue & { kind: 'object' }, issues: ParseIssue[]): Pm2App {
  const loc = (v: JsValue): SourceLoc => ({ path, line: v.line });
  const unresolved: Record<string, string> = {};
  /** A value as written, or its `||`/`??` literal fallback (the key is then listed as unresolved too). */
  const read = (key: string): JsValue | undefined => {
    const v = app.props.get(key);
    if (v?.kind !== 'unresolved') return v;
    unresolved[key] = v.source;
    return v.fallback ? { ...v.fallback, line: v.line, source: v.source } : undefined;
  };

  const script = asString(read('script'));
  const nameValue = asString(read('name'));
  const name = nameValue ?? (script ? defaultName(script) : 'app');
  const cwd = asString(read('cwd'));

  const instancesRaw = read('instances');
  const instances = readInstances(path, instancesRaw, issues, unresolved.instances);

  const interpreter = asString(read('interpreter')) ?? asString(read('exec_interpreter'));
  const execModeRaw = read('exec_mode') ?? read('execMode');
  let execMode: Setting<'fork' | 'cluster'>;
  const modeText = asString(execModeRaw);
  if (execModeRaw && modeText && /^(fork|cluster)(_mode)?$/.test(modeText)) {
    execMode = written(modeText.startsWith('cluster') ? 'cluster' : 'fork', loc(execModeRaw), execModeRaw.source);
  } else {
    if (execModeRaw && !unresolved.exec_mode) {
      issues.push({ path, line: execModeRaw.line, message: 'expected exec_mode "fork" or "cluster"' });
    }
    // pm2 lib/Common.js determineExecMode: with `instances` set and a node interpreter, the default
    // becomes cluster_mode; otherwise fork_mode (the documented default).
    const runsUnderNode = runsNode(script, interpreter);
    if (app.props.has('instances') && runsUnderNode) {
      execMode = byDefault(
        'cluster',
        'pm2 lib/Common.js determineExecMode: instances set, no exec_mode and a node interpreter → cluster_mode',
      );
    } else execMode = byDefault('fork', `${SCHEMA}: exec_mode default "fork"`);
  }

  let maxMemoryRestart: Setting<number> | undefined;
  const mmr = read('max_memory_restart');
  if (mmr) {
    const raw =
      mmr.kind === 'literal' && (typeof mmr.value === 'string' || typeof mmr.value === 'number')
        ? mmr.value
        : undefined;
    const bytes = raw === undefined ? null : pm2Size(raw);
    if (bytes === null) {
      if (!unresolved.max_memory_restart) {
        issues.push({
          path,
          line: mmr.line,
          message: 'expected max_memory_restart like "300M", "1G" or a number of bytes',
        });
      }
    } else maxMemoryRestart = written(bytes, loc(mmr), mmr.source);
  }

  const maxOldSpaceSize = readMaxOldSpace(path, app, unresolved);

  const killTimeout = readNumber(path, read('kill_timeout'), 'kill_timeout', issues, unresolved, () =>
    // PM2_KILL_TIMEOUT in the daemon's environment overrides it (pm2 constants.js).
    byDefault(1600, `${SCHEMA}: kill_timeout default 1600 ms`),
  );
  const maxRestarts = readNumber(path, read('max_restarts'), 'max_restarts', issues, unresolved, () =>
    byDefault(16, `${SCHEMA}: max_restarts default 16`),
  );

  let autorestart: Setting<boolean> = byDefault(true, `${SCHEMA}: autorestart default true`);
  const ar = read('autorestart');
  if (ar?.kind === 'literal' && typeof ar.value === 'boolean') autorestart = written(ar.value, loc(ar), ar.source);
  else if (ar?.kind === 'literal' && (ar.value === 'true' || ar.value === 'false')) {
    autorestart = written(ar.value === 'true', loc(ar), ar.source);
  } else if (ar && !unresolved.autorestart) {
    issues.push({ path, line: ar.line, message: 'expected autorestart true or false' });
  }

  const result: Pm2App = {
    name,
    loc: loc(app),
    instances,
    execMode,
    killTimeout,
    maxRestarts,
    autorestart,
    unresolved,
  };
  if (script !== undefined) result.script = script;
  if (cwd !== undefined) result.cwd = cwd;
  // PM2's app options for its log files (pm2 lib/API/schema.json: `output` and `error` are their aliases).
  const logFiles = ['out_file', 'output', 'error_file', 'error', 'log_file', 'log']
    .map((k) => asString(app.props.get(k)))
    .filter((v): v is string => v !== undefined && v !== '' && v !== '/dev/null');
  if (logFiles.length > 0) result.logFiles = logFiles;
  if (maxMemoryRestart) result.maxMemoryRestart = maxMemoryRestart;
  if (maxOldSpaceSize) result.maxOldSpaceSize = maxOldSpaceSize;
  return result;
}

function readInstances(
  path: string,
  v: JsValue | undefined,
  issues: ParseIssue[],
  unresolvedSource: string | undefined,
): Setting<number | 'max'> {
  const fallbackDefault = byDefault<number | 'max'>(
    1,
    unresolvedSource
      ? `${SCHEMA}: instances default 1 (the written value ${unresolvedSource} is not known statically)`
      : `${SCHEMA}: instances default 1`,
  );
  if (!v) return fallbackDefault;
  const loc = { path, line: v.line };
  if (v.kind === 'literal' && typeof v.value === 'string' && v.value.trim().toLowerCase() === 'max') {
    return written('max', loc, v.source);
  }
  const n = asNumber(v);
  if (n === undefined || !Number.isInteger(n) || n < -1) {
    if (!unresolvedSource)
      issues.push({ path, line: v.line, message: 'expected instances as a number, "max", 0 or -1' });
    return fallbackDefault;
  }
  // PM2 docs (cluster mode): 0 and "max" spread over all CPUs; -1 means all CPUs minus one.
  return written(n === 0 ? 'max' : n, loc, v.source);
}

function readNumber(
  path: string,
  v: JsValue | undefined,
  key: string,
  issues: ParseIssue[],
  unresolved: Record<string, string>,
  fallback: () => Setting<number>,
): Setting<number> {
  if (!v) return fallback();
  const n = asNumber(v);
  if (n === undefined || n < 0) {
    if (!unresolved[key]) issues.push({ path, line: v.line, message: `expected ${key} as a non-negative number` });
    return fallback();
  }
  return written(n, { path, line: v.line }, v.source);
}

const MAX_OLD_SPACE = /--max[-_]old[-_]space[-_]size[= ](\d+)/;

/** `--max-old-space-size=N` (MiB) from node_args / interpreter_args (string or list) or env.NODE_OPTIONS. */
function readMaxOldSpace(
  path: string,
  app: JsValue & { kind: 'object' },
  unresolved: Record<string, string>,
): Setting<number> | undefined {
  const candidates: JsValue[] = [];
  for (const key of ['node_args', 'interpreter_args', 'nodeArgs', 'interpreterArgs']) {
    const v = app.props.get(key);
    if (v?.kind === 'array') candidates.push(...v.items);
    else if (v) candidates.push(v);
  }
  const nodeOptions = prop(app.props.get('env'), 'NODE_OPTIONS');
  if (nodeOptions) candidates.push(nodeOptions);
  for (const v of candidates) {
    if (v.kind === 'unresolved') {
      if (MAX_OLD_SPACE.test(v.source)) unresolved.max_old_space_size = v.source;
      continue;
    }
    const text = asString(v);
    const m = text ? MAX_OLD_SPACE.exec(text) : null;
    if (m) return written(Number(m[1]) * MiB, { path, line: v.line }, m[0]);
  }
  return undefined;
}

function runsNode(script: string | undefined, interpreter: string | undefined): boolean {
  if (interpreter && interpreter !== 'none')
    return /(^|\/)(node|bun)(@[\w.]+)?$/.test(interpreter) || /node$|bun$/.test(interpreter);
  if (interpreter === 'none') return false;
  const ext = script ? (/\.[a-z]+$/i.exec(script)?.[0] ?? '').toLowerCase() : '';
  return !NON_NODE_EXTENSIONS.has(ext);
}

/** PM2 names an unnamed app after its script file, without extension. */
function defaultName(script: string): string {
  const base = trimTrailingSlashes(script).split('/').pop() ?? script;
  return base.replace(/\.[^.]+$/, '') || script;
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
