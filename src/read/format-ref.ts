// How a piece names its format to another thread: a registry format by id, a host's own nginx log_format by the
// source it is compiled from, a user format of the project config by its spec (a compiled parser cannot cross
// threads; the worker compiles it again, once).

import { withCheckedParse } from '../formats/log/checked.js';
import { compileNginxLogFormat, joinQuotedFormat } from '../formats/log/log-format-compiler.js';
import { logFormatById } from '../formats/log/registry.js';
import type { LogFormat } from '../formats/log/types.js';
import { compileUserFormat, type UserFormatSpec } from '../formats/log/user-format.js';
import { withUserInner } from '../formats/log/user-inner.js';

export type FormatRef =
  | { id: string }
  | { logFormat: string; escape?: 'default' | 'json' | 'none' }
  | { user: UserFormatSpec }
  /** A registry wrapper (journald, container-log) whose inner lines may be in the user's formats. */
  | { wrapper: string; inner: UserFormatSpec[] };

const sources = new WeakMap<LogFormat, FormatRef>();
const compiled = new Map<string, LogFormat>();

/** Compiles a host's log_format, remembering its source for other threads. */
export function compileCustom(logFormat: string, escaping?: 'default' | 'json' | 'none'): LogFormat | null {
  const format = compileNginxLogFormat(joinQuotedFormat(logFormat), { escape: escaping });
  if (format) sources.set(format, { logFormat, escape: escaping });
  return format;
}

/** Compiles a user format of the project config, remembering its spec for other threads. */
export function compileUser(spec: UserFormatSpec): LogFormat {
  const format = withCheckedParse(compileUserFormat(spec));
  sources.set(format, { user: spec });
  return format;
}

/**
 * A wrapper format with the project config's formats as candidates for its inner lines (user-inner.ts); the
 * wrapper itself when there are none. `user`: formats made by compileUser.
 */
export function wrapUser(wrapper: LogFormat, user: readonly LogFormat[]): LogFormat {
  const specs = user.flatMap((f) => {
    const ref = sources.get(f);
    return ref && 'user' in ref ? [ref.user] : [];
  });
  if (specs.length === 0) return wrapper;
  // One object per wrapper and config: its kit (matcher, prefilter) is built once, not once per file.
  const format = wrappedUser(wrapper.id, specs);
  sources.set(format, { wrapper: wrapper.id, inner: specs });
  return format;
}

export function refOf(format: LogFormat): FormatRef {
  return sources.get(format) ?? { id: format.id };
}

export function formatOf(ref: FormatRef): LogFormat {
  if ('id' in ref) {
    const f = logFormatById(ref.id);
    if (!f) throw new Error(`unknown log format ${ref.id}`);
    return f;
  }
  if ('user' in ref) return compiledUser(ref.user);
  if ('wrapper' in ref) return wrappedUser(ref.wrapper, ref.inner);
  const key = `${ref.escape ?? ''}\u0000${ref.logFormat}`;
  let f = compiled.get(key);
  if (!f) {
    const made = compileNginxLogFormat(joinQuotedFormat(ref.logFormat), { escape: ref.escape });
    if (!made) throw new Error('log_format no longer compiles');
    f = made;
    if (compiled.size < 1000) compiled.set(key, f);
  }
  return f;
}

function compiledUser(spec: UserFormatSpec): LogFormat {
  const key = `user\u0000${JSON.stringify(spec)}`;
  let f = compiled.get(key);
  if (!f) {
    f = withCheckedParse(compileUserFormat(spec));
    if (compiled.size < 1000) compiled.set(key, f);
  }
  return f;
}

/** A wrapper with user inner formats, compiled once per thread (its kit is then built once too). */
function wrappedUser(id: string, inner: UserFormatSpec[]): LogFormat {
  const key = `wrapper\u0000${id}\u0000${JSON.stringify(inner)}`;
  let f = compiled.get(key);
  if (!f) {
    const wrapper = logFormatById(id);
    if (!wrapper) throw new Error(`unknown log format ${id}`);
    f = withUserInner(wrapper, inner.map(compiledUser));
    if (compiled.size < 1000) compiled.set(key, f);
  }
  return f;
}
