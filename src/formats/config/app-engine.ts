// Google App Engine app.yaml (standard and flexible environments).
//
// Sample (seed 000, case 2: the Node flex app before the fix):
//
//   runtime: nodejs
//   env: flex
//   automatic_scaling:
//     min_num_instances: 2
//     max_num_instances: 10
//
// → env "flex" (line 2), automaticScaling.minInstances 2 (line 4), maxInstances 10 (line 5),
//   memory 0.6 GB (flex default resources)
import { LineCounter, parseDocument } from 'yaml';
import { byDefault, type ParseIssue, type Setting, written } from '../../model/setting.js';
import { GiB, MiB } from '../../model/units.js';
import { asNumber, asString, type JsValue, prop, yamlNodeValue } from './static-js.js';
import type { AppEngineConfig, ConfigParser } from './types.js';

const STANDARD_REF = 'App Engine standard docs, app.yaml reference';
const FLEX_REF = 'App Engine flexible docs, app.yaml reference';
/** Longest line read as app.yaml. */
const MAX_LINE = 16 * 1024;
/**
 * Largest file read as app.yaml: an app.yaml is a few KB, and the YAML parser's document costs some 500 bytes of
 * memory per byte of flow sequences (a 800 KB one took 449 MB and 9.6 s).
 */
const MAX_BYTES = 128 * 1024;
/** YAML errors reported one by one; past them, one more issue counts the rest (a broken file repeats its error). */
const MAX_YAML_ERRORS = 3;

/** The 1-based number of the first line longer than MAX_LINE, or undefined. */
function longLine(text: string): number | undefined {
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    if (stop - start > MAX_LINE) return line;
    if (end < 0) return undefined;
    start = end + 1;
  }
  return undefined;
}

function standardByDefault(): Setting<'standard' | 'flex'> {
  return byDefault('standard', `${STANDARD_REF}: without "env: flex" an app runs in the standard environment`);
}

/**
 * Memory limit per instance class (App Engine standard docs, "Instance classes", second-generation
 * runtimes). Before 2021 the documented limits were half of these (F1 256 MB, F2 512 MB, F4 1 GB,
 * F4_1G 2 GB), as the seed's 2020 thread quotes.
 */
const CLASS_MEMORY: Record<string, number> = {
  F1: 384 * MiB,
  F2: 768 * MiB,
  F4: 1536 * MiB,
  F4_1G: 3072 * MiB,
  B1: 384 * MiB,
  B2: 768 * MiB,
  B4: 1536 * MiB,
  B4_1G: 3072 * MiB,
  B8: 3072 * MiB,
};
const CLASS_SOURCE =
  'App Engine standard docs, "Instance classes" memory limits (F1 384 MB, F2 768 MB, F4 1536 MB, F4_1G 3072 MB)';

export const appEngineParser: ConfigParser<AppEngineConfig> = {
  id: 'app-engine',
  detect(path, sample) {
    const name = path.split('/').pop() ?? '';
    const runtime = /^runtime:\s*[\w.-]+/m.test(sample);
    const gaeKeys =
      /^(env:\s*(flex|flexible|standard)|instance_class:|automatic_scaling:|manual_scaling:|basic_scaling:|handlers:|entrypoint:|env_variables:|resources:|service:)/gm;
    const hits = new Set((sample.match(gaeKeys) ?? []).map((k) => k.split(':')[0])).size;
    if (!runtime) return 0;
    if (/^app([.-][\w-]+)?\.ya?ml$/.test(name)) return hits > 0 ? 0.95 : 0.8;
    if (hits >= 2) return 0.85;
    return hits === 1 ? 0.6 : 0.3;
  },
  parse({ path, text }) {
    const issues: ParseIssue[] = [];
    const long = longLine(text);
    if (long !== undefined) {
      // The YAML parser is super-linear on a long run of quotes (64 KB took 7.6 s, 256 KB 54 s); no app.yaml
      // writes such a line, so the file is reported instead of parsed.
      issues.push({ path, line: long, message: `line longer than ${MAX_LINE / 1024} KiB: not read as app.yaml` });
      return { data: { env: standardByDefault() }, issues, consumed: [] };
    }
    if (text.length > MAX_BYTES) {
      issues.push({ path, line: 1, message: `larger than ${MAX_BYTES / 1024} KiB: not read as app.yaml` });
      return { data: { env: standardByDefault() }, issues, consumed: [] };
    }
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
    for (const e of doc.errors.slice(0, MAX_YAML_ERRORS)) {
      issues.push({
        path,
        line: lineCounter.linePos(e.pos[0]).line,
        message: `expected valid YAML: ${e.message.split('\n')[0]}`,
      });
    }
    const more = doc.errors.length - MAX_YAML_ERRORS;
    if (more > 0)
      issues.push({
        path,
        line: lineCounter.linePos(doc.errors[MAX_YAML_ERRORS]?.pos[0] ?? 0).line,
        message: `${more} more YAML errors`,
      });
    const root = doc.contents ? yamlNodeValue(doc.contents, text, (o) => lineCounter.linePos(o).line) : undefined;
    if (root && root.kind !== 'object') {
      issues.push({ path, line: root.line, message: 'expected app.yaml to be a mapping of settings' });
    }
    const r = reader(path, issues);
    const get = (key: string) => prop(root, key);
    const env = readEnv(r, get('env'));
    const flex = env.value === 'flex';
    const data: AppEngineConfig = { env };
    const runtime = r.str(get('runtime'));
    if (runtime) data.runtime = runtime;
    const entrypoint = r.str(get('entrypoint'));
    if (entrypoint) data.entrypoint = entrypoint;

    const manual = get('manual_scaling');
    if (manual) {
      const instances = r.num(prop(manual, 'instances'), 'manual_scaling.instances');
      if (instances) data.manualScaling = { instances };
      else if (!prop(manual, 'instances'))
        issues.push({ path, line: manual.line, message: 'expected manual_scaling.instances' });
    }
    if (flex) readFlexMemory(r, data, prop(get('resources'), 'memory_gb'));
    else readStandardClass(r, data, get('instance_class'), Boolean(manual || get('basic_scaling')));

    const auto = get('automatic_scaling');
    if (auto || (flex && !manual)) data.automaticScaling = readAutoScaling(r, auto, flex);
    return { data, issues, consumed: [] };
  },
};

/** Reads typed settings of one app.yaml, recording a problem for each value of the wrong type. */
interface SettingReader {
  path: string;
  issues: ParseIssue[];
  str(v: JsValue | undefined): Setting<string> | undefined;
  num(v: JsValue | undefined, key: string): Setting<number> | undefined;
}

function reader(path: string, issues: ParseIssue[]): SettingReader {
  const at = (v: JsValue) => ({ path, line: v.line });
  return {
    path,
    issues,
    str(v) {
      if (!v) return undefined;
      const s = asString(v) ?? (v.kind === 'literal' && v.value !== null ? String(v.value) : undefined);
      if (s === undefined) {
        issues.push({ path, line: v.line, message: 'expected a text value' });
        return undefined;
      }
      return written(s, at(v), v.source);
    },
    num(v, key) {
      if (!v) return undefined;
      const n = asNumber(v);
      if (n === undefined || n < 0) {
        issues.push({ path, line: v.line, message: `expected ${key} as a non-negative number` });
        return undefined;
      }
      return written(n, at(v), v.source);
    },
  };
}

function readEnv(r: SettingReader, envValue: JsValue | undefined): Setting<'standard' | 'flex'> {
  if (!envValue) return standardByDefault();
  const e = asString(envValue);
  const at = { path: r.path, line: envValue.line };
  if (e === 'flex' || e === 'flexible') return written('flex', at, envValue.source);
  if (e === 'standard' || e === '2') return written('standard', at, envValue.source);
  r.issues.push({ path: r.path, line: envValue.line, message: 'expected env "standard" or "flex"' });
  return standardByDefault();
}

/** Standard environment: the instance class (written or its default) decides the memory limit. */
function readStandardClass(r: SettingReader, data: AppEngineConfig, value: JsValue | undefined, scaled: boolean) {
  const written_ = r.str(value);
  // F1 is the default for automatic scaling, B2 for basic and manual scaling (app.yaml reference, instance_class).
  const cls =
    written_ ??
    (scaled
      ? byDefault('B2', `${STANDARD_REF}: instance_class default B2 with manual or basic scaling`)
      : byDefault('F1', `${STANDARD_REF}: instance_class default F1 with automatic scaling`));
  data.instanceClass = cls;
  const bytes = CLASS_MEMORY[cls.value.toUpperCase()];
  if (bytes !== undefined) {
    data.memory = { value: bytes, isDefault: cls.isDefault, defaultSource: CLASS_SOURCE };
    if (cls.loc) data.memory.loc = cls.loc;
    if (cls.raw) data.memory.raw = cls.raw;
  } else if (written_) {
    r.issues.push({
      path: r.path,
      line: written_.loc?.line ?? 1,
      message: 'expected an instance class like F1, F2, F4, F4_1G or B1…B8',
    });
  }
}

/** Flexible environment: resources.memory_gb, 0.6 GB by default. */
function readFlexMemory(r: SettingReader, data: AppEngineConfig, memoryGb: JsValue | undefined) {
  const gb = memoryGb ? asNumber(memoryGb) : undefined;
  if (memoryGb && gb !== undefined && gb > 0) {
    data.memory = written(Math.round(gb * GiB), { path: r.path, line: memoryGb.line }, memoryGb.source);
    return;
  }
  if (memoryGb)
    r.issues.push({ path: r.path, line: memoryGb.line, message: 'expected resources.memory_gb as a number of GB' });
  data.memory = byDefault(Math.round(0.6 * GiB), `${FLEX_REF}: resources memory_gb default 0.6`);
}

function readAutoScaling(
  r: SettingReader,
  auto: JsValue | undefined,
  flex: boolean,
): NonNullable<AppEngineConfig['automaticScaling']> {
  const scaling: NonNullable<AppEngineConfig['automaticScaling']> = { loc: { path: r.path, line: auto?.line ?? 1 } };
  const num = (key: string) => r.num(prop(auto, key), key);
  if (flex) {
    scaling.minInstances =
      num('min_num_instances') ?? byDefault(2, `${FLEX_REF}: automatic_scaling min_num_instances default 2`);
    scaling.maxInstances =
      num('max_num_instances') ?? byDefault(20, `${FLEX_REF}: automatic_scaling max_num_instances default 20`);
    const target = r.num(
      prop(prop(auto, 'cpu_utilization'), 'target_utilization'),
      'cpu_utilization.target_utilization',
    );
    if (target) scaling.targetCpuUtilization = target;
    return scaling;
  }
  scaling.minInstances =
    num('min_instances') ?? byDefault(0, `${STANDARD_REF}: automatic_scaling min_instances default 0`);
  const max = num('max_instances');
  if (max) scaling.maxInstances = max;
  const idle = num('min_idle_instances');
  if (idle) scaling.minIdleInstances = idle;
  const target = num('target_cpu_utilization');
  if (target) scaling.targetCpuUtilization = target;
  const mcr = num('max_concurrent_requests');
  if (mcr) scaling.maxConcurrentRequests = mcr;
  return scaling;
}
