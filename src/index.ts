// faultline as a library: the same pipelines the CLI runs, returning data.

export type { AuditOptions, AuditResult, InputRecord } from './audit.js';
export { audit, auditTexts } from './audit.js';
export type { CauseId } from './model/causes.js';
export { CAUSE_IDS } from './model/causes.js';
export { RULES } from './rules/index.js';
export type { Finding, Rule, RuleMeta, Severity } from './rules/types.js';
export type { Stack } from './stack/stack.js';
