// `faultline audit` as a library call: inputs → config parsers → stack → rules → result data.

import type { BaselineEntry } from './audit/baseline.js';
import { type Origin, originsOf } from './audit/origins.js';
import { activeRules, applyPolicy, type FindingPolicy } from './audit/policy.js';
import { collectInputs, type TextFile } from './evidence/collect.js';
import { MemoryFS } from './evidence/vfs.js';
import { configParser, detectConfigFormat } from './formats/config/registry.js';
import type { ConfigFormatId, ConfigFS } from './formats/config/types.js';
import type { InputRecord } from './model/input.js';
import type { ParseIssue } from './model/setting.js';
import { runRules, type SkippedRule } from './rules/engine.js';
import type { Finding } from './rules/types.js';
import { buildStack, type HostOverrides } from './stack/build-stack.js';
import type { Component, Stack } from './stack/stack.js';

export type { FindingPolicy, InputRecord };

export interface AuditOptions extends HostOverrides {
  paths: string[];
  /** Rule selection, severities and suppressions (the project file's `rules:` and `ignore:`, --rule…). */
  policy?: FindingPolicy;
}

export interface AuditResult {
  version: 1;
  inputs: InputRecord[];
  findings: Finding[];
  /** Problems met while reading: one line each, file:line. */
  issues: ParseIssue[];
  skippedRules: SkippedRule[];
  stack: Stack;
  /** Each input's place seen from the working directory (SARIF URIs, the compact format); set by audit(). */
  origins?: Record<string, Origin>;
  /** With --baseline: the file as named and its entries that no finding matched any more. */
  baseline?: { path: string; absent: BaselineEntry[] };
}

export async function audit(options: AuditOptions): Promise<AuditResult> {
  const collected = await collectInputs(options.paths);
  const origins = originsOf(options.paths, [
    ...collected.texts.map((t) => t.path),
    ...collected.skipped.map((s) => s.path),
  ]);
  const altPath = (p: string) => origins[p]?.path;
  const result = auditTexts(collected.texts, options, { altPath, ...options.policy });
  result.origins = origins;
  // Files that were not text configs (binary, too large, links) are listed too; a file that could not be read (a
  // corrupt .gz, EACCES) is listed with why, not as "not a known config format" for the little that was read.
  const listed = new Map(result.inputs.map((i) => [i.path, i]));
  for (const s of collected.skipped) {
    const input = listed.get(s.path);
    if (!input) result.inputs.push({ path: s.path, format: null, error: s.reason, host: s.host || undefined });
    else if (input.format === null && input.error === null) {
      input.error = s.reason;
      delete input.note;
    }
  }
  result.inputs.sort((a, b) => a.path.localeCompare(b.path));
  return result;
}

/**
 * Audits text files already read (used by `investigate` for the configs among its inputs, and by `probe`, whose
 * live snapshot comes in as an `extra` component beside the configs it read). Files that another file includes
 * are parsed as part of it, not on their own.
 */
/** `extra`: components that come from no file (probe's live snapshot), judged with the configs. */
export function auditTexts(
  files: TextFile[],
  overrides: HostOverrides = {},
  policy?: FindingPolicy,
  extra: Component[] = [],
  /** Texts a config may include that are no config of their own (investigate's unclaimed small files). */
  includable: TextFile[] = [],
): AuditResult {
  const fs: ConfigFS = new MemoryFS([...files, ...includable]);
  type Parsed = {
    file: TextFile;
    format: ConfigFormatId;
    data: unknown;
    issues: ParseIssue[];
    consumed: string[];
  };
  const parsed: Parsed[] = [];
  const inputs: InputRecord[] = [];
  for (const file of files) {
    const detected = detectConfigFormat(file.hostPath, file.text.slice(0, 64 * 1024));
    if (!detected) {
      inputs.push({
        path: file.path,
        format: null,
        error: null,
        host: file.host || undefined,
        note: 'not a known config format',
      });
      continue;
    }
    try {
      const out = detected.parser.parse({ path: file.path, text: file.text, fs });
      const issues = out.issues.map((i) => ({ ...i, message: oneLine(i.message) }));
      parsed.push({ file, format: detected.parser.id, data: out.data, issues, consumed: out.consumed });
    } catch (err) {
      // A parser bug must not end the run: report it as this file's error and go on.
      const msg = err instanceof Error ? err.message : String(err);
      inputs.push({
        path: file.path,
        format: detected.parser.id,
        error: oneLine(`${file.path}:1: parser failed: ${msg}`),
      });
    }
  }
  // A file consumed through an include by another file of the same format belongs to that file.
  const consumedBy = new Map<string, string>();
  for (const p of parsed) for (const c of p.consumed) if (c !== p.file.path) consumedBy.set(c, p.file.path);
  // A file included through a link (sites-enabled/api → sites-available/api) is included as well; a link nobody
  // includes is the same file as its target, which is read on its own.
  const viaLink = new Map<string, string>();
  for (const p of parsed) {
    const target = p.file.linkOf;
    const owner = consumedBy.get(p.file.path);
    if (target && owner && !consumedBy.has(target)) {
      consumedBy.set(target, owner);
      viaLink.set(target, p.file.path);
    }
  }
  // An unclaimed text a config included (nginx's uwsgi_params) is listed as part of that config.
  for (const f of includable) {
    const owner = consumedBy.get(f.path);
    const ownerParsed = owner ? parsed.find((q) => q.file.path === owner) : undefined;
    if (owner && ownerParsed)
      inputs.push({
        path: f.path,
        format: ownerParsed.format,
        error: null,
        host: f.host || undefined,
        note: `included by ${owner}`,
      });
  }
  const components: Component[] = [];
  const issues: ParseIssue[] = [];
  const included = new Set<string>();
  for (const p of parsed) {
    const owner = consumedBy.get(p.file.path);
    if (p.file.linkOf && !owner) {
      inputs.push(linkInput(p.file, p.format, p.file.linkOf));
      continue;
    }
    const ownerParsed = owner ? parsed.find((q) => q.file.path === owner) : undefined;
    // In an include cycle the first file of the pair stays the owner.
    if (owner && ownerParsed && ownerParsed.format === p.format && !included.has(owner)) {
      included.add(p.file.path);
      inputs.push({
        path: p.file.path,
        format: p.format,
        error: null,
        host: p.file.host || undefined,
        note: viaLink.has(p.file.path)
          ? `included by ${owner} through the link ${viaLink.get(p.file.path)}`
          : `included by ${owner}`,
      });
      continue;
    }
    issues.push(...p.issues);
    inputs.push({
      path: p.file.path,
      format: p.format,
      error: p.issues.length > 0 ? oneLine(p.issues.map((i) => `${i.path}:${i.line}: ${i.message}`).join('; ')) : null,
      host: p.file.host || undefined,
    });
    components.push({
      id: `${p.format}:${p.file.path}`,
      format: p.format,
      path: p.file.path,
      host: p.file.host,
      ...(p.file.input ? { input: p.file.input } : {}),
      // biome-ignore lint/suspicious/noExplicitAny: the registry pairs each format with its data type
      data: p.data as any,
    });
  }
  const stack = buildStack([...components, ...extra], overrides);
  const selected = activeRules(policy);
  const run = runRules(selected, stack);
  const skipped = new Set(run.skipped.map((s) => s.rule));
  const ran = new Set(selected.map((r) => r.meta.id).filter((id) => !skipped.has(id)));
  const texts = parsed.map((p) => ({ path: p.file.path, text: p.file.text, format: p.format }));
  const findings = applyPolicy(run.findings, { files: texts, ran, selected }, policy);
  inputs.sort((a, b) => a.path.localeCompare(b.path));
  return { version: 1, inputs, findings, issues, skippedRules: run.skipped, stack };
}

export { configParser };

/**
 * A problem is one line (the contract's "one line each, file:line"): line breaks that a parser quoted from its
 * input (a JSON error naming `'\n'`, a key read up to a `\r`) are shown escaped.
 */
function oneLine(text: string): string {
  return text.replace(/[\n\r\v\f\u0085\u2028\u2029]/g, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function linkInput(file: TextFile, format: ConfigFormatId, target: string): InputRecord {
  return { path: file.path, format, error: null, host: file.host || undefined, note: `symbolic link to ${target}` };
}
