// Django settings.py: the DATABASES dict, read without running Python. A small tokenizer (strings with
// prefixes and triple quotes, comments, brackets) and an expression reader understand literals, dicts,
// lists, `None`/`True`/`False`, numeric `*`/`+`, and environment lookups with a literal default
// (`os.environ.get('DB_HOST', 'db')`, `os.getenv(…)`, `env('X', default=…)`, `int(…)` around them):
// the default is taken and `raw` shows the whole call. Later `DATABASES['default']['KEY'] = …` lines apply.
//
// Sample (seed 001: Django/Celery behind HAProxy in front of a Galera cluster):
//
//   DATABASES = {
//       'default': {
//           'ENGINE': 'django.db.backends.mysql',
//           'HOST': os.environ.get('DB_HOST', '127.0.0.1'),   # HAProxy on localhost
//           'PORT': '3306',
//       }
//   }
//
// → databases = [{ alias: "default", engine: "django.db.backends.mysql", host: "127.0.0.1" (line 4),
//   port: 3306 (line 5), connMaxAge: 0 (default: close the connection at the end of each request) }]

import { byDefault, type ParseIssue, written } from '../../model/setting.js';
import { celeryParser, readCelerySettings } from './celery.js';
import { nameHasBefore } from './include.js';
import type { ConfigParser, DjangoConfig, DjangoDatabase } from './types.js';

const CONN_MAX_AGE_DEFAULT =
  'Django docs, settings: DATABASES CONN_MAX_AGE default 0 (close at the end of each request)';

type Tok = {
  kind: 'str' | 'num' | 'name' | 'op';
  text: string;
  value?: string | number;
  line: number;
  start: number;
  end: number;
};

type PyValue =
  | { kind: 'literal'; value: string | number | boolean | null; line: number; source: string }
  | { kind: 'dict'; entries: Map<string, PyValue>; line: number; source: string }
  | { kind: 'list'; items: PyValue[]; line: number; source: string }
  | { kind: 'unresolved'; line: number; source: string };

export const djangoParser: ConfigParser<DjangoConfig> = {
  id: 'django',
  detect(path, sample) {
    const hasDatabases = /^DATABASES\s*=/m.test(sample);
    const djangoish = /django\.db\.backends|INSTALLED_APPS|DJANGO_SETTINGS_MODULE|ROOT_URLCONF|MIDDLEWARE/.test(sample);
    const isPy = /\.py$/.test(path);
    if (hasDatabases && djangoish) return 0.95;
    if (hasDatabases && isPy) return 0.8;
    if (djangoish && nameHasBefore(path, 'settings', '.py')) return 0.7;
    return 0;
  },
  parse({ path, text }) {
    const issues: ParseIssue[] = [];
    const { tokens, error } = tokenize(text);
    if (error) issues.push({ path, line: error.line, message: error.message });
    const reader = new Reader(tokens, text);
    const databases = new Map<string, DjangoDatabase>();
    const applyKey = (db: DjangoDatabase, key: string, v: PyValue) => {
      const loc = { path, line: v.line };
      const value = v.kind === 'literal' ? v.value : undefined;
      switch (key) {
        case 'ENGINE':
          if (typeof value === 'string') db.engine = value;
          break;
        case 'HOST':
          if (typeof value === 'string') db.host = written(value, loc, v.source);
          break;
        case 'PORT': {
          const port =
            typeof value === 'number'
              ? value
              : typeof value === 'string' && /^\d+$/.test(value)
                ? Number(value)
                : undefined;
          if (port !== undefined) db.port = written(port, loc, v.source);
          else if (value !== '' && v.kind !== 'unresolved')
            issues.push({ ...loc, message: 'expected PORT as a number' });
          break;
        }
        case 'CONN_MAX_AGE': {
          if (value === null || (typeof value === 'number' && value >= 0))
            db.connMaxAge = written(value, loc, v.source);
          else if (v.kind !== 'unresolved')
            issues.push({ ...loc, message: 'expected CONN_MAX_AGE as seconds or None' });
          break;
        }
      }
    };

    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind !== 'name' || t.text !== 'DATABASES' || !atLineStart(text, t.start)) continue;
      // DATABASES = { … }
      if (tokens[i + 1]?.text === '=') {
        reader.pos = i + 2;
        const value = reader.expression();
        if (value.kind !== 'dict') {
          issues.push({ path, line: t.line, message: 'expected DATABASES = { "default": { … } }' });
          continue;
        }
        databases.clear();
        for (const [alias, conf] of value.entries) {
          if (conf.kind !== 'dict') {
            issues.push({ path, line: conf.line, message: `expected a settings dict for database "${alias}"` });
            continue;
          }
          const db: DjangoDatabase = {
            alias,
            connMaxAge: byDefault<number | null>(0, CONN_MAX_AGE_DEFAULT),
            loc: { path, line: conf.line },
          };
          for (const [key, v] of conf.entries) applyKey(db, key, v);
          databases.set(alias, db);
        }
        i = reader.pos - 1;
        continue;
      }
      // DATABASES['default']['CONN_MAX_AGE'] = 60
      const [o1, a, c1, o2, k, c2, eq] = tokens.slice(i + 1, i + 8);
      if (
        o1?.text === '[' &&
        a?.kind === 'str' &&
        c1?.text === ']' &&
        o2?.text === '[' &&
        k?.kind === 'str' &&
        c2?.text === ']' &&
        eq?.text === '='
      ) {
        reader.pos = i + 8;
        const v = reader.expression();
        const db = databases.get(String(a.value));
        if (db) applyKey(db, String(k.value), v);
        i = reader.pos - 1;
      }
    }
    if (reader.tooDeep !== undefined) {
      issues.push({
        path,
        line: reader.tooDeep,
        message: `values nested deeper than ${MAX_NESTING} levels were not read`,
      });
    }
    // Celery configured from Django settings (app.config_from_object('django.conf:settings', namespace='CELERY')).
    const celery = /^(CELERY_|CELERYD_|BROKER_URL)/m.test(text) ? readCelerySettings(path, text, issues) : undefined;
    return { data: { databases: [...databases.values()], ...(celery ? { celery } : {}) }, issues, consumed: [] };
  },
  targets(data) {
    // PORT '' (the default) means the database's own default port.
    const dbs = data.databases.map((db) => ({
      name: `DATABASES['${db.alias}']`,
      host: db.host?.value,
      port:
        db.port?.value ?? (db.engine?.includes('postgres') ? 5432 : db.engine?.includes('mysql') ? 3306 : undefined),
      loc: db.loc,
    }));
    return [...dbs, ...(data.celery ? (celeryParser.targets?.(data.celery) ?? []) : [])];
  },
};

function atLineStart(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(lineStart, offset).trim() === '';
}

function tokenize(text: string): { tokens: Tok[]; error?: { line: number; message: string } } {
  const tokens: Tok[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\\') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const str = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(text.slice(i, i + 5));
    if (str) {
      const quote = str[2];
      const raw = /[rR]/.test(str[1]);
      const start = i;
      const startLine = line;
      let j = i + str[0].length;
      let value = '';
      let closed = false;
      while (j < text.length) {
        if (text.startsWith(quote, j)) {
          closed = true;
          j += quote.length;
          break;
        }
        const ch = text[j];
        if (ch === '\n') {
          if (quote.length === 1) break;
          line++;
        }
        if (ch === '\\' && !raw && j + 1 < text.length) {
          const next = text[j + 1];
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          if (next === '\n') line++;
          j += 2;
          continue;
        }
        value += ch;
        j++;
      }
      if (!closed) return { tokens, error: { line: startLine, message: 'expected a closing quote for this string' } };
      tokens.push({ kind: 'str', text: text.slice(start, j), value, line: startLine, start, end: j });
      i = j;
      continue;
    }
    const num = /^\d[\d_]*(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 40));
    if (num) {
      tokens.push({
        kind: 'num',
        text: num[0],
        value: Number(num[0].replace(/_/g, '')),
        line,
        start: i,
        end: i + num[0].length,
      });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 200));
    if (name) {
      tokens.push({ kind: 'name', text: name[0], line, start: i, end: i + name[0].length });
      i += name[0].length;
      continue;
    }
    const op = /^(\*\*|\/\/|==|!=|<=|>=|->|:=|[-+*/%()[\]{}:,.=<>|&^~@;!])/.exec(text.slice(i, i + 2));
    const opText = op ? op[0] : c;
    tokens.push({ kind: 'op', text: opText, line, start: i, end: i + opText.length });
    i += opText.length;
  }
  return { tokens };
}

const ENV_LOOKUPS = /^(os\.environ\.get|os\.getenv|environ\.get|env|env\.str|env\.int|config|getenv)$/;

/**
 * Settings nest a few levels deep; a value nested deeper (hostile or broken input: 8,000 `(`) is skipped whole with
 * one issue, instead of recursing until the stack overflows.
 */
const MAX_NESTING = 64;

class Reader {
  pos = 0;
  private depth = 0;
  /** Line of the first value skipped for being nested deeper than MAX_NESTING, if any. */
  tooDeep?: number;
  constructor(
    private readonly tokens: Tok[],
    private readonly text: string,
  ) {}

  private peek(): Tok | undefined {
    return this.tokens[this.pos];
  }

  /** Reads one expression; never throws, skips what it cannot read up to a `,` or closing bracket. */
  expression(): PyValue {
    const first = this.peek();
    const startTok = first;
    let left = this.term();
    while (true) {
      const op = this.peek();
      if (op?.kind !== 'op' || !['+', '-', '*', '/', '//', 'or', '%'].includes(op.text)) {
        if (op?.kind === 'name' && (op.text === 'or' || op.text === 'if' || op.text === 'and' || op.text === 'else')) {
          this.pos++;
          this.term();
          left = this.unresolvedFrom(startTok);
          continue;
        }
        break;
      }
      this.pos++;
      const right = this.term();
      if (left.kind === 'literal' && right.kind === 'literal') {
        const a = left.value;
        const b = right.value;
        let v: number | string | undefined;
        if (typeof a === 'number' && typeof b === 'number') {
          v = op.text === '+' ? a + b : op.text === '-' ? a - b : op.text === '*' ? a * b : undefined;
        } else if (op.text === '+' && typeof a === 'string' && typeof b === 'string') v = a + b;
        left =
          v === undefined
            ? this.unresolvedFrom(startTok)
            : { kind: 'literal', value: v, line: left.line, source: this.sourceFrom(startTok) };
      } else left = this.unresolvedFrom(startTok);
    }
    return left;
  }

  private sourceFrom(start: Tok | undefined): string {
    const end = this.tokens[this.pos - 1];
    if (!start || !end) return '';
    return this.text.slice(start.start, end.end);
  }

  private unresolvedFrom(start: Tok | undefined): PyValue {
    return { kind: 'unresolved', line: start?.line ?? 1, source: this.sourceFrom(start) };
  }

  private term(): PyValue {
    const t = this.peek();
    if (!t) return { kind: 'unresolved', line: 1, source: '' };
    if (this.depth >= MAX_NESTING) return this.skipNested(t);
    this.depth++;
    try {
      return this.termAt(t);
    } finally {
      this.depth--;
    }
  }

  /** Consumes the value at `t` without reading it: a balanced bracket group, or one token. */
  private skipNested(t: Tok): PyValue {
    this.tooDeep ??= t.line;
    let open = 0;
    do {
      const text = this.tokens[this.pos]?.text;
      if (text === '(' || text === '[' || text === '{') open++;
      else if (text === ')' || text === ']' || text === '}') open--;
      this.pos++;
    } while (open > 0 && this.pos < this.tokens.length);
    return this.unresolvedFrom(t);
  }

  private termAt(t: Tok): PyValue {
    if (t.kind === 'op' && t.text === '-') {
      this.pos++;
      const v = this.term();
      return v.kind === 'literal' && typeof v.value === 'number'
        ? { ...v, value: -v.value, source: this.sourceFrom(t) }
        : this.unresolvedFrom(t);
    }
    if (t.kind === 'str') {
      // Adjacent literals concatenate: 'a' 'b'.
      let value = '';
      while (this.peek()?.kind === 'str') value += String(this.tokens[this.pos++].value);
      const fString = /^[rRbB]?[fF]/.test(t.text);
      return fString ? this.unresolvedFrom(t) : { kind: 'literal', value, line: t.line, source: this.sourceFrom(t) };
    }
    if (t.kind === 'num') {
      this.pos++;
      return { kind: 'literal', value: t.value as number, line: t.line, source: t.text };
    }
    if (t.kind === 'op' && t.text === '{') return this.dict();
    if (t.kind === 'op' && (t.text === '[' || t.text === '(')) return this.list(t.text === '[' ? ']' : ')');
    if (t.kind === 'name') {
      if (t.text === 'None' || t.text === 'True' || t.text === 'False') {
        this.pos++;
        return { kind: 'literal', value: t.text === 'None' ? null : t.text === 'True', line: t.line, source: t.text };
      }
      let dotted = t.text;
      this.pos++;
      while (this.peek()?.text === '.' && this.tokens[this.pos + 1]?.kind === 'name') {
        dotted += `.${this.tokens[this.pos + 1].text}`;
        this.pos += 2;
      }
      if (this.peek()?.text === '(') return this.call(dotted, t);
      if (this.peek()?.text === '[') {
        this.list(']');
        return this.unresolvedFrom(t);
      }
      return this.unresolvedFrom(t);
    }
    // Something we do not read: skip one token.
    this.pos++;
    return this.unresolvedFrom(t);
  }

  private call(callee: string, start: Tok): PyValue {
    this.pos++; // (
    const args: PyValue[] = [];
    const kwargs = new Map<string, PyValue>();
    while (this.peek() && this.peek()?.text !== ')') {
      const t = this.peek() as Tok;
      if (t.kind === 'name' && this.tokens[this.pos + 1]?.text === '=') {
        this.pos += 2;
        kwargs.set(t.text, this.expression());
      } else if (t.text === '*' || t.text === '**') {
        this.pos++;
        this.expression();
      } else args.push(this.expression());
      if (this.peek()?.text === ',') this.pos++;
      else if (this.peek()?.text !== ')') this.skipTo([',', ')']);
    }
    if (this.peek()?.text === ')') this.pos++;
    const source = this.sourceFrom(start);
    const fallback = (v: PyValue | undefined): PyValue =>
      v && v.kind === 'literal' ? { ...v, line: start.line, source } : { kind: 'unresolved', line: start.line, source };
    if (ENV_LOOKUPS.test(callee)) return fallback(kwargs.get('default') ?? args[1]);
    if (callee === 'int' || callee === 'str' || callee === 'float') {
      const inner = args[0];
      if (inner?.kind !== 'literal') return { kind: 'unresolved', line: start.line, source };
      const v = callee === 'str' ? String(inner.value) : Number(inner.value);
      return typeof v === 'number' && Number.isNaN(v)
        ? { kind: 'unresolved', line: start.line, source }
        : { kind: 'literal', value: v, line: start.line, source };
    }
    if (callee === 'dict') {
      return { kind: 'dict', entries: kwargs, line: start.line, source };
    }
    return { kind: 'unresolved', line: start.line, source };
  }

  private dict(): PyValue {
    const open = this.tokens[this.pos++];
    const entries = new Map<string, PyValue>();
    while (this.peek() && this.peek()?.text !== '}') {
      if (this.peek()?.text === '**') {
        this.pos++;
        this.expression();
      } else {
        const key = this.expression();
        if (this.peek()?.text === ':') {
          this.pos++;
          const value = this.expression();
          if (key.kind === 'literal' && key.value !== null) entries.set(String(key.value), value);
        }
      }
      if (this.peek()?.text === ',') this.pos++;
      else if (this.peek()?.text !== '}') this.skipTo([',', '}']);
    }
    if (this.peek()?.text === '}') this.pos++;
    return { kind: 'dict', entries, line: open.line, source: this.sourceFrom(open) };
  }

  private list(close: string): PyValue {
    const open = this.tokens[this.pos++];
    const items: PyValue[] = [];
    while (this.peek() && this.peek()?.text !== close) {
      items.push(this.expression());
      if (this.peek()?.text === ',') this.pos++;
      else if (this.peek()?.text !== close) this.skipTo([',', close]);
    }
    if (this.peek()?.text === close) this.pos++;
    return { kind: 'list', items, line: open.line, source: this.sourceFrom(open) };
  }

  /** Skips to the next stop token at this bracket depth (a stop at depth 0 is not consumed). */
  private skipTo(stops: string[]): void {
    let depth = 0;
    while (this.pos < this.tokens.length) {
      const t = this.tokens[this.pos];
      if (depth === 0 && stops.includes(t.text)) return;
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      if (t.text === ')' || t.text === ']' || t.text === '}') {
        if (depth === 0) return;
        depth--;
      }
      this.pos++;
    }
  }
}
