// The checks of a user format that the schema cannot express: each regex compiles, has the time group, and every
// group the spec names exists; the time pattern uses known conversions; borrowed signatures name built-in formats;
// some sample is a record. (Linearity and the samples' results are checked by the loader, project-config.ts.)
import { type UserFormatSpec, userRegExp } from '../formats/log/user-format.js';
import { compileTimePattern, TIME_CONVERSIONS } from '../formats/log/user-time.js';

export interface SpecProblem {
  /** Key path below `formats.<name>`. */
  path: (string | number)[];
  message: string;
}

/** The named groups of a pattern (matching the empty alternative added here sets every group, unmatched). */
function groupsOf(re: RegExp): string[] {
  const probe = new RegExp(`${re.source}|`, re.flags);
  return Object.keys(probe.exec('')?.groups ?? {});
}

export function checkFormatSpec(spec: UserFormatSpec, knownFormats: ReadonlySet<string>): SpecProblem | null {
  const sources = Array.isArray(spec.regex) ? spec.regex : [spec.regex];
  const regexPath = (i: number) => (Array.isArray(spec.regex) ? ['regex', i] : ['regex']);
  const timeField = spec.time?.field ?? 'time';
  const all = new Set<string>();
  for (let i = 0; i < sources.length; i++) {
    let re: RegExp;
    try {
      re = userRegExp(sources[i] as string);
    } catch (err) {
      return { path: regexPath(i), message: `not a valid regular expression (${(err as Error).message})` };
    }
    const groups = groupsOf(re);
    if (!groups.includes(timeField))
      return { path: regexPath(i), message: `has no (?<${timeField}>…) group for the record's time (time.field)` };
    for (const g of groups) all.add(g);
  }
  const named: [string[], string | undefined][] = [
    [['level', 'field'], spec.level?.field],
    [['message'], spec.message],
    [['pid'], spec.pid],
    [['program'], spec.program],
    ...(['method', 'path', 'status', 'bytes', 'duration'] as const).map((k): [string[], string | undefined] => [
      ['request', k],
      spec.request?.[k],
    ]),
  ];
  for (const [path, group] of named)
    if (group !== undefined && !all.has(group)) return { path, message: `no regex has a group named ${group}` };
  if (spec.time?.format !== undefined) {
    const ops = compileTimePattern(spec.time.format);
    if ('unknown' in ops)
      return {
        path: ['time', 'format'],
        message: `unknown conversion ${ops.unknown} (known: %${[...TIME_CONVERSIONS].join(' %')})`,
      };
  }
  if (typeof spec.multiline === 'object') {
    try {
      userRegExp(spec.multiline.continuation);
    } catch (err) {
      return {
        path: ['multiline', 'continuation'],
        message: `not a valid regular expression (${(err as Error).message})`,
      };
    }
  }
  const unknown = (spec.signatures ?? []).findIndex((id) => !knownFormats.has(id));
  if (unknown >= 0)
    return { path: ['signatures', unknown], message: `${spec.signatures?.[unknown]} is not a built-in log format id` };
  if (!spec.samples.some((s) => !s.rejected && !s.continuation && s.time !== null))
    return { path: ['samples'], message: 'no sample is a record line (each format shows at least one it reads)' };
  return null;
}
