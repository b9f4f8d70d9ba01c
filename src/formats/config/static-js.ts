// A small static evaluator for JavaScript config files (PM2 ecosystem files, knexfiles, server modules).
// The file is parsed with acorn and never executed or required: only values that can be read off the
// source are computed. Supported: literals, object/array literals, template literals without
// expressions, unary minus/plus, `!` on known booleans, arithmetic on numbers (`2 * 1024`), string
// concatenation, identifiers bound by a top-level `const` (or a `let`/`var` never reassigned at top
// level) in the same file, and spread of known objects/arrays. Anything else (process.env.X, require(),
// calls) becomes an "unresolved" value carrying its source text; for `a || literal` and `a ?? literal`
// with an unresolved left side, the literal is kept as `fallback` so callers can use it and say so.
//
// Sample:
//
//   const MB = 1024;
//   module.exports = { apps: [{ name: 'api', instances: process.env.WORKERS || 2, max: 2 * MB }] };
//
// → apps[0].instances = unresolved("process.env.WORKERS || 2", fallback 2), apps[0].max = 2048 (line 2)
import * as acorn from 'acorn';

type Node = acorn.Node & Record<string, unknown>;

export type JsValue = JsLiteral | JsObject | JsArray | JsUnresolved;

interface JsBase {
  /** 1-based line where the expression starts. */
  line: number;
  /** Source text of the expression. */
  source: string;
}

export interface JsLiteral extends JsBase {
  kind: 'literal';
  value: string | number | boolean | null;
}

export interface JsObject extends JsBase {
  kind: 'object';
  /** Properties in source order; a later key overrides an earlier one (as in JS). */
  props: Map<string, JsValue>;
  /** Keys or spreads that could not be resolved (computed keys, spread of unknown objects). */
  unknownParts: string[];
}

export interface JsArray extends JsBase {
  kind: 'array';
  items: JsValue[];
}

export interface JsUnresolved extends JsBase {
  kind: 'unresolved';
  /** For `x || 3` / `x ?? 3` with an unknown `x`: the literal the expression falls back to. */
  fallback?: JsValue;
}

export interface ParsedProgram {
  program?: acorn.Program;
  /** Parse error: message and 1-based line. */
  error?: { message: string; line: number };
  /** The nesting went past MAX_JS_DEPTH: the file was not parsed. */
  tooDeep?: boolean;
}

/**
 * Brackets nested deeper than this are no config anyone writes: the file is reported, not parsed. A recursive
 * parse and evaluation of `a={` × 8000 (24 KB) overflowed the stack, then the fallback scan took 33–42 s.
 */
export const MAX_JS_DEPTH = 200;

interface TokenScan {
  /** Whether the file has `import`/`export` declarations: it is then a module, else a script (CommonJS). */
  module: boolean;
  /** Line where the nesting first went past MAX_JS_DEPTH. */
  tooDeepAt?: number;
}

/** One pass of acorn's tokenizer (linear): the nesting depth and the source type. */
function scanTokens(text: string): TokenScan {
  const scan: TokenScan = { module: false };
  let depth = 0;
  let prev: acorn.Token | undefined;
  try {
    for (const t of acorn.tokenizer(text, { ecmaVersion: 'latest', locations: true, allowHashBang: true })) {
      const label = t.type.label;
      if (label === '(' || label === '[' || label === '{' || label === '${') {
        if (++depth > MAX_JS_DEPTH) {
          scan.tooDeepAt = t.loc?.start.line ?? 1;
          return scan;
        }
      } else if (label === ')' || label === ']' || label === '}') depth = Math.max(0, depth - 1);
      // `import x from`, `export …`; not `import(…)` nor `import.meta` after a dot.
      if (prev?.type.label === 'import' && label !== '(' && label !== '.') scan.module = true;
      if (label === 'export') scan.module = true;
      prev = t;
    }
  } catch {
    // The parse below reports the syntax error.
  }
  return scan;
}

const BASE_OPTIONS = {
  ecmaVersion: 'latest',
  locations: true,
  allowReturnOutsideFunction: true,
  allowHashBang: true,
  allowAwaitOutsideFunction: true,
} as const;

/**
 * Parses once: as an ES module when the file has `import`/`export` declarations, else as a script (CommonJS files
 * may use `with`, octal literals…). Nesting deeper than MAX_JS_DEPTH is an error, found before any recursion.
 */
export function parseJs(text: string): ParsedProgram {
  const scan = scanTokens(text);
  if (scan.tooDeepAt !== undefined) {
    return {
      tooDeep: true,
      error: { message: `brackets nested deeper than ${MAX_JS_DEPTH} levels; not read`, line: scan.tooDeepAt },
    };
  }
  try {
    return { program: acorn.parse(text, { ...BASE_OPTIONS, sourceType: scan.module ? 'module' : 'script' }) };
  } catch (e) {
    const err = e as { message?: string; loc?: { line: number } };
    return {
      error: {
        message: String(err.message ?? e)
          .replace(/\(\d+:\d+\)$/, '')
          .trimEnd(),
        line: err.loc?.line ?? 1,
      },
    };
  }
}

/** Evaluates expressions of one program, with its top-level bindings known. */
export class StaticEvaluator {
  private readonly bindings = new Map<string, Node>();
  private readonly resolving = new Set<string>();

  constructor(
    private readonly text: string,
    program?: acorn.Program,
  ) {
    if (program) this.collectBindings(program);
  }

  /** Adds a top-level binding found another way (the token scan used for TypeScript files). */
  bind(name: string, node: acorn.Node): void {
    if (!this.bindings.has(name)) this.bindings.set(name, node as Node);
  }

  /** The expression bound to a top-level name, if any. */
  binding(name: string): Node | undefined {
    return this.bindings.get(name);
  }

  sourceOf(node: acorn.Node): string {
    return this.text.slice(node.start, node.end);
  }

  evaluate(node: acorn.Node): JsValue {
    const n = node as Node;
    const line = n.loc?.start.line ?? 1;
    const source = this.sourceOf(n);
    const unresolved = (fallback?: JsValue): JsUnresolved => ({ kind: 'unresolved', line, source, fallback });
    switch (n.type) {
      case 'Literal': {
        const v = n.value;
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) {
          return { kind: 'literal', value: v, line, source };
        }
        return unresolved(); // regex, bigint
      }
      case 'TemplateLiteral': {
        const expressions = n.expressions as Node[];
        const quasis = n.quasis as { value: { cooked: string | null } }[];
        if (expressions.length > 0) return unresolved();
        return { kind: 'literal', value: quasis[0]?.value.cooked ?? '', line, source };
      }
      case 'ObjectExpression':
        return this.evaluateObject(n, line, source);
      case 'ArrayExpression':
        return this.evaluateArray(n, line, source);
      case 'Identifier': {
        const name = n.name as string;
        if (name === 'undefined') return unresolved();
        const bound = this.bindings.get(name);
        if (!bound || this.resolving.has(name)) return unresolved();
        this.resolving.add(name);
        try {
          const v = this.evaluate(bound);
          // Keep the value's own line (where it is written), but show how it was reached.
          return v;
        } finally {
          this.resolving.delete(name);
        }
      }
      case 'UnaryExpression': {
        const arg = this.evaluate(n.argument as Node);
        if (arg.kind !== 'literal') return unresolved();
        if (n.operator === '-' && typeof arg.value === 'number')
          return { kind: 'literal', value: -arg.value, line, source };
        if (n.operator === '+' && typeof arg.value === 'number')
          return { kind: 'literal', value: arg.value, line, source };
        if (n.operator === '!' && typeof arg.value === 'boolean')
          return { kind: 'literal', value: !arg.value, line, source };
        return unresolved();
      }
      case 'BinaryExpression': {
        const left = this.evaluate(n.left as Node);
        const right = this.evaluate(n.right as Node);
        if (left.kind !== 'literal' || right.kind !== 'literal') return unresolved();
        const a = left.value;
        const b = right.value;
        if (n.operator === '+' && (typeof a === 'string' || typeof b === 'string')) {
          if (a === null || b === null) return unresolved();
          return { kind: 'literal', value: String(a) + String(b), line, source };
        }
        if (typeof a !== 'number' || typeof b !== 'number') return unresolved();
        const result = arithmetic(n.operator as string, a, b);
        return result === undefined ? unresolved() : { kind: 'literal', value: result, line, source };
      }
      case 'LogicalExpression': {
        const left = this.evaluate(n.left as Node);
        const right = this.evaluate(n.right as Node);
        if (left.kind === 'literal') {
          const v = left.value;
          if (n.operator === '||') return v ? left : right;
          if (n.operator === '&&') return v ? right : left;
          return v === null ? right : left; // ??
        }
        if ((n.operator === '||' || n.operator === '??') && right.kind !== 'unresolved') return unresolved(right);
        return unresolved();
      }
      case 'ParenthesizedExpression':
        return this.evaluate(n.expression as Node);
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
        return this.evaluate(n.expression as Node);
      case 'CallExpression':
        return this.evaluateCall(n, unresolved);
      default:
        return unresolved();
    }
  }

  private evaluateObject(n: Node, line: number, source: string): JsValue {
    const props = new Map<string, JsValue>();
    const unknownParts: string[] = [];
    for (const p of n.properties as Node[]) {
      if (p.type === 'SpreadElement') {
        const spread = this.evaluate(p.argument as Node);
        if (spread.kind === 'object') {
          for (const [k, v] of spread.props) props.set(k, v);
          unknownParts.push(...spread.unknownParts);
        } else unknownParts.push(this.sourceOf(p));
        continue;
      }
      const key = this.propertyKey(p);
      if (key === undefined) {
        unknownParts.push(this.sourceOf(p));
        continue;
      }
      // Methods and getters are code, not data.
      if (p.kind !== 'init' || p.method) {
        props.set(key, { kind: 'unresolved', line: p.loc?.start.line ?? line, source: this.sourceOf(p) });
        continue;
      }
      props.set(key, this.evaluate(p.value as Node));
    }
    return { kind: 'object', props, unknownParts, line, source };
  }

  private evaluateArray(n: Node, line: number, source: string): JsValue {
    const items: JsValue[] = [];
    for (const el of n.elements as (Node | null)[]) {
      if (el === null) continue;
      if (el.type === 'SpreadElement') {
        const spread = this.evaluate(el.argument as Node);
        if (spread.kind === 'array') items.push(...spread.items);
        else items.push({ kind: 'unresolved', line: el.loc?.start.line ?? line, source: this.sourceOf(el) });
        continue;
      }
      items.push(this.evaluate(el));
    }
    return { kind: 'array', items, line, source };
  }

  private evaluateCall(n: Node, unresolved: (fallback?: JsValue) => JsUnresolved): JsValue {
    // `Number(x || 3)`, `parseInt(process.env.PORT || '3000', 10)`: keep the literal fallback.
    const callee = n.callee as Node;
    const args = n.arguments as Node[];
    if (callee.type === 'Identifier' && ['Number', 'parseInt', 'parseFloat'].includes(callee.name as string)) {
      const inner = args[0] ? this.evaluate(args[0]) : undefined;
      const toNum = (v: JsValue | undefined): JsValue | undefined => {
        if (v?.kind !== 'literal') return undefined;
        const num = typeof v.value === 'number' ? v.value : Number.parseFloat(String(v.value));
        return Number.isNaN(num) ? undefined : { kind: 'literal', value: num, line: v.line, source: v.source };
      };
      if (inner?.kind === 'literal') return toNum(inner) ?? unresolved();
      if (inner?.kind === 'unresolved') return unresolved(toNum(inner.fallback));
    }
    return unresolved();
  }

  private propertyKey(p: Node): string | undefined {
    const key = p.key as Node;
    if (p.computed) {
      const v = this.evaluate(key);
      return v.kind === 'literal' && v.value !== null ? String(v.value) : undefined;
    }
    if (key.type === 'Identifier') return key.name as string;
    if (key.type === 'Literal') return String(key.value);
    return undefined;
  }

  private collectBindings(program: acorn.Program): void {
    const reassigned = new Set<string>();
    for (const stmt of program.body as Node[]) {
      const expr = stmt.type === 'ExpressionStatement' ? (stmt.expression as Node) : undefined;
      if (expr?.type === 'AssignmentExpression' && (expr.left as Node).type === 'Identifier') {
        reassigned.add((expr.left as Node).name as string);
      }
    }
    for (const stmt of program.body as Node[]) {
      const decl =
        stmt.type === 'VariableDeclaration'
          ? stmt
          : stmt.type === 'ExportNamedDeclaration' && (stmt.declaration as Node | null)?.type === 'VariableDeclaration'
            ? (stmt.declaration as Node)
            : undefined;
      if (!decl) continue;
      for (const d of decl.declarations as Node[]) {
        const id = d.id as Node;
        if (id.type !== 'Identifier' || !d.init) continue;
        const name = id.name as string;
        if (decl.kind !== 'const' && reassigned.has(name)) continue;
        this.bindings.set(name, d.init as Node);
      }
    }
  }
}

function arithmetic(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : a / b;
    case '%':
      return b === 0 ? undefined : a % b;
    case '**':
      return a ** b;
    default:
      return undefined;
  }
}

/** `obj.key` for an evaluated object; undefined when not an object or the key is absent. */
export function prop(value: JsValue | undefined, key: string): JsValue | undefined {
  return value?.kind === 'object' ? value.props.get(key) : undefined;
}

/**
 * The value a config file exports: `module.exports = X`, `module.exports.apps = …` / `exports.apps = …`
 * (collected into one object), or `export default X`. Undefined when the file exports nothing readable.
 */
export function exportedValue(program: acorn.Program, ev: StaticEvaluator): JsValue | undefined {
  let result: JsValue | undefined;
  const extra = new Map<string, JsValue>();
  let extraLine = 0;
  for (const stmt of program.body as Node[]) {
    if (stmt.type === 'ExportDefaultDeclaration') {
      result = ev.evaluate(stmt.declaration as Node);
      continue;
    }
    if (stmt.type !== 'ExpressionStatement') continue;
    const expr = stmt.expression as Node;
    if (expr.type !== 'AssignmentExpression' || expr.operator !== '=') continue;
    const target = memberPath(expr.left as Node);
    if (!target) continue;
    if (target.join('.') === 'module.exports') result = ev.evaluate(expr.right as Node);
    else if (target.length === 3 && target[0] === 'module' && target[1] === 'exports') {
      extra.set(target[2], ev.evaluate(expr.right as Node));
      extraLine ||= stmt.loc?.start.line ?? 1;
    } else if (target.length === 2 && target[0] === 'exports') {
      extra.set(target[1], ev.evaluate(expr.right as Node));
      extraLine ||= stmt.loc?.start.line ?? 1;
    }
  }
  if (extra.size === 0) return result;
  if (result?.kind === 'object') {
    for (const [k, v] of extra) result.props.set(k, v);
    return result;
  }
  return { kind: 'object', props: extra, unknownParts: [], line: extraLine, source: '' };
}

/** `a.b.c` → ["a", "b", "c"]; undefined for computed or call-based member chains. */
export function memberPath(node: Node): string[] | undefined {
  if (node.type === 'Identifier') return [node.name as string];
  if (node.type === 'ThisExpression') return ['this'];
  if (node.type !== 'MemberExpression') return undefined;
  const object = memberPath(node.object as Node);
  if (!object) return undefined;
  const property = node.property as Node;
  if (!node.computed && property.type === 'Identifier') return [...object, property.name as string];
  if (node.computed && property.type === 'Literal' && typeof property.value === 'string') {
    return [...object, property.value];
  }
  return undefined;
}

/** Number of a literal value (numeric strings included), else undefined. */
export function asNumber(v: JsValue | undefined): number | undefined {
  if (v?.kind !== 'literal') return undefined;
  if (typeof v.value === 'number') return v.value;
  if (typeof v.value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v.value)) return Number(v.value);
  return undefined;
}

export function asString(v: JsValue | undefined): string | undefined {
  return v?.kind === 'literal' && typeof v.value === 'string' ? v.value : undefined;
}

/** Converts an evaluated value to plain data (unresolved parts become undefined). */
export function toPlain(v: JsValue | undefined): unknown {
  if (!v) return undefined;
  switch (v.kind) {
    case 'literal':
      return v.value;
    case 'array':
      return v.items.map(toPlain);
    case 'object':
      return Object.fromEntries([...v.props].map(([k, x]) => [k, toPlain(x)]));
    default:
      return undefined;
  }
}

// ------------------------------------------------------------------ JSON and YAML as JsValue
// PM2 and App Engine configs also come as JSON or YAML; reading them into the same shape lets one
// extractor serve every syntax, with the line of every value.

/** JSON text (also JSON5-ish object literals) as a JsValue, via acorn so every value keeps its line. */
export function jsonValue(text: string): { value?: JsValue; error?: { message: string; line: number } } {
  try {
    const node = acorn.parseExpressionAt(text, 0, { ecmaVersion: 'latest', locations: true });
    const rest = text.slice(node.end).trim();
    if (rest !== '') {
      const line = text.slice(0, node.end).split('\n').length;
      return { error: { message: 'expected end of JSON document', line } };
    }
    return { value: new StaticEvaluator(text).evaluate(node) };
  } catch (e) {
    const err = e as { message?: string; loc?: { line: number } };
    return {
      error: {
        message: String(err.message ?? e)
          .replace(/\(\d+:\d+\)$/, '')
          .trimEnd(),
        line: err.loc?.line ?? 1,
      },
    };
  }
}

/** A parsed YAML document node as a JsValue; `lineOf` maps an offset to its 1-based line. */
export function yamlNodeValue(node: unknown, text: string, lineOf: (offset: number) => number): JsValue {
  const n = node as {
    range?: [number, number, number];
    items?: unknown[];
    value?: unknown;
    source?: string;
  } | null;
  const start = n?.range?.[0] ?? 0;
  const line = lineOf(start);
  const source = n?.range ? text.slice(n.range[0], n.range[1]) : '';
  if (n && Array.isArray(n.items)) {
    const isMap = n.items.length > 0 && typeof n.items[0] === 'object' && n.items[0] !== null && 'key' in n.items[0];
    if (isMap || (n.items.length === 0 && source.trimStart().startsWith('{'))) {
      const props = new Map<string, JsValue>();
      const unknownParts: string[] = [];
      for (const pair of n.items as { key: { value?: unknown } | null; value: unknown }[]) {
        const key = pair.key && typeof pair.key === 'object' ? pair.key.value : pair.key;
        if (typeof key !== 'string' && typeof key !== 'number') {
          unknownParts.push(String(key));
          continue;
        }
        const value = pair.value ?? { range: (pair.key as { range?: number[] } | null)?.range, value: null };
        const child = yamlNodeValue(value, text, lineOf);
        // A block mapping or list under a key belongs to the key's line (`automatic_scaling:`), not its first entry.
        const keyRange = (pair.key as { range?: number[] } | null)?.range;
        if (child.kind !== 'literal' && keyRange) child.line = lineOf(keyRange[0]);
        props.set(String(key), child);
      }
      return { kind: 'object', props, unknownParts, line, source };
    }
    return { kind: 'array', items: n.items.map((x) => yamlNodeValue(x, text, lineOf)), line, source };
  }
  const v = n?.value;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) {
    return { kind: 'literal', value: v ?? null, line, source };
  }
  return { kind: 'unresolved', line, source };
}
