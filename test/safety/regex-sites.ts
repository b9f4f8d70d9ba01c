// Finds every regular expression the shipped code builds: regex literals and `new RegExp(…)` / `RegExp(…)` calls in
// src/**/*.ts (tests excluded), read from the TypeScript AST. A pattern built from constants — string literals,
// templates, `+`, top-level `const`s of the same file or imported from another src file, `[...SET].join('|')`,
// `re.source` — is evaluated here, so the checker sees the real pattern; anything else is "dynamic" and must be
// justified by the test that uses this.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface RegexSite {
  /** src-relative path and 1-based line, e.g. `signatures/catalog.ts:71`. */
  where: string;
  file: string;
  /** The pattern and flags; absent for a dynamic site. */
  source?: string;
  flags?: string;
  /** The source text of the pattern argument of a dynamic site. */
  expression?: string;
}

const SRC = new URL('../../src/', import.meta.url).pathname;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Parsed files by absolute path, with their top-level constants and imports. */
interface Module {
  sf: ts.SourceFile;
  consts: Map<string, ts.Expression>;
  /** local name → [absolute path of the module, exported name] */
  imports: Map<string, [string, string]>;
}

const modules = new Map<string, Module>();

function load(path: string): Module | undefined {
  const known = modules.get(path);
  if (known) return known;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const mod: Module = { sf, consts: new Map(), imports: new Map() };
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st) && st.declarationList.flags & ts.NodeFlags.Const) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer) mod.consts.set(d.name.text, d.initializer);
      }
    } else if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const spec = st.moduleSpecifier.text;
      const bindings = st.importClause?.namedBindings;
      if (!spec.startsWith('.') || !bindings || !ts.isNamedImports(bindings)) continue;
      const target = resolve(dirname(path), spec.replace(/\.js$/, '.ts'));
      for (const el of bindings.elements) {
        mod.imports.set(el.name.text, [target, (el.propertyName ?? el.name).text]);
      }
    }
  }
  modules.set(path, mod);
  return mod;
}

type Value = string | string[] | RegExp;

/** The constant value of an expression, or undefined when it is not built from constants only. */
function evaluate(expr: ts.Expression, mod: Module, depth = 0): Value | undefined {
  if (depth > 20) return undefined;
  const again = (e: ts.Expression, m: Module = mod) => evaluate(e, m, depth + 1);
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return expr.text;
  if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr))
    return again(expr.expression);
  if (ts.isRegularExpressionLiteral(expr)) {
    const text = expr.text;
    const end = text.lastIndexOf('/');
    return new RegExp(text.slice(1, end), text.slice(end + 1));
  }
  if (ts.isTemplateExpression(expr)) {
    let out = expr.head.text;
    for (const span of expr.templateSpans) {
      const v = again(span.expression);
      if (typeof v !== 'string') return undefined;
      out += v + span.literal.text;
    }
    return out;
  }
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const a = again(expr.left);
    const b = again(expr.right);
    return typeof a === 'string' && typeof b === 'string' ? a + b : undefined;
  }
  if (ts.isIdentifier(expr)) {
    const init = mod.consts.get(expr.text);
    if (init) return again(init);
    const imported = mod.imports.get(expr.text);
    if (!imported) return undefined;
    const other = load(imported[0]);
    const otherInit = other?.consts.get(imported[1]);
    return other && otherInit ? again(otherInit, other) : undefined;
  }
  if (ts.isArrayLiteralExpression(expr)) {
    const items: string[] = [];
    for (const el of expr.elements) {
      const v = again(ts.isSpreadElement(el) ? el.expression : el);
      if (typeof v === 'string' && !ts.isSpreadElement(el)) items.push(v);
      else if (Array.isArray(v) && ts.isSpreadElement(el)) items.push(...v);
      else return undefined;
    }
    return items;
  }
  if (ts.isNewExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === 'Set') {
    const arg = expr.arguments?.[0];
    const v = arg ? again(arg) : undefined;
    return Array.isArray(v) ? v : undefined;
  }
  if (ts.isPropertyAccessExpression(expr) && expr.name.text === 'source') {
    const v = again(expr.expression);
    return v instanceof RegExp ? v.source : undefined;
  }
  if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression)) {
    const method = expr.expression.name.text;
    const target = again(expr.expression.expression);
    const args = expr.arguments.map((a) => again(a));
    if (method === 'join' && Array.isArray(target) && args.length <= 1) {
      const sep = args[0] ?? ',';
      return typeof sep === 'string' ? target.join(sep) : undefined;
    }
  }
  return undefined;
}

function isRegExpConstructor(node: ts.Node): node is ts.NewExpression | ts.CallExpression {
  return (
    (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'RegExp'
  );
}

/** Every regex site of src/, in file order. */
export function collectRegexSites(): RegexSite[] {
  const sites: RegexSite[] = [];
  for (const path of sourceFiles(SRC)) {
    const mod = load(path)!;
    const file = relative(SRC, path).split('\\').join('/');
    const visit = (node: ts.Node): void => {
      const line = mod.sf.getLineAndCharacterOfPosition(node.getStart(mod.sf)).line + 1;
      const where = `${file}:${line}`;
      if (ts.isRegularExpressionLiteral(node)) {
        const re = evaluate(node, mod) as RegExp;
        sites.push({ where, file, source: re.source, flags: re.flags });
      } else if (isRegExpConstructor(node)) {
        const [patternArg, flagsArg] = node.arguments ?? [];
        const pattern = patternArg ? evaluate(patternArg, mod) : undefined;
        const flags = flagsArg ? evaluate(flagsArg, mod) : '';
        if ((typeof pattern === 'string' || pattern instanceof RegExp) && typeof flags === 'string') {
          const source = typeof pattern === 'string' ? pattern : pattern.source;
          sites.push({ where, file, source, flags: flags || (pattern instanceof RegExp ? pattern.flags : '') });
        } else {
          sites.push({ where, file, expression: patternArg ? patternArg.getText(mod.sf) : '(none)' });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(mod.sf);
  }
  return sites;
}
