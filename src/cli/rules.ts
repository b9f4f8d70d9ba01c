// `faultline rules`: every audit rule and log signature, as text or the contract's JSON.
import pc from 'picocolors';
import { docsUrl } from '../rules/engine.js';
import { RULES } from '../rules/index.js';
import { SIGNATURES } from '../signatures/catalog.js';
import { outWritable, useColor, writeReport } from './output.js';

export async function runRules(opts: { format: 'text' | 'json'; out?: string; color?: boolean }): Promise<number> {
  if (!outWritable(opts.out)) return 2;
  if (opts.format === 'json') {
    const json = {
      version: 1,
      rules: RULES.map((r) => ({
        id: r.meta.id,
        severity: r.meta.severity,
        title: r.meta.title,
        summary: r.meta.summary,
        docs: docsUrl(r.meta.id),
        references: r.meta.references,
      })),
      signatures: SIGNATURES.map((s) => ({
        id: s.id,
        formats: s.formats,
        severity: s.severity,
        cause: s.cause ?? null,
        event: s.event,
        summary: s.summary,
      })),
    };
    writeReport(`${JSON.stringify(json, null, 2)}\n`, opts.out);
    return 0;
  }
  const c = pc.createColors(useColor(opts));
  const lines = [c.bold(`Audit rules (${RULES.length})`)];
  for (const r of RULES) lines.push(`  ${r.meta.id.padEnd(44)} ${r.meta.severity.padEnd(8)} ${r.meta.title}`);
  lines.push('', c.bold(`Log signatures (${SIGNATURES.length})`));
  for (const s of SIGNATURES) {
    lines.push(`  ${s.id.padEnd(44)} ${s.severity.padEnd(8)} ${(s.cause ?? '-').padEnd(22)} ${s.summary}`);
  }
  writeReport(`${lines.join('\n')}\n`, opts.out);
  return 0;
}
