// pam_limits configuration: /etc/security/limits.conf and /etc/security/limits.d/*.conf, one
// `<domain> <type> <item> <value>` per line (limits.conf(5), Linux-PAM). These limits apply to login
// sessions; services started by systemd do not read them (they get LimitNOFILE= or the manager's default).
//
// Sample:
//
//   *          soft    nofile    65535
//   www-data   hard    nofile    100000
//   @admins    -       nproc     4096
//
// → entries = [{ domain: "*", type: "soft", item: "nofile", value: 65535, loc: limits.conf:1 }, …]
import type { ParseIssue } from '../../model/setting.js';
import type { ConfigParser, LimitsConfig, LimitsEntry } from './types.js';

/** Items of limits.conf(5) (plus `chroot`, a Debian patch of pam_limits). */
const ITEMS = new Set([
  'core',
  'data',
  'fsize',
  'memlock',
  'nofile',
  'rss',
  'stack',
  'cpu',
  'nproc',
  'as',
  'maxlogins',
  'maxsyslogins',
  'nonewprivs',
  'priority',
  'locks',
  'sigpending',
  'msgqueue',
  'nice',
  'rtprio',
  'chroot',
]);

/** limits.conf(5): "-1, unlimited or infinity" mean no limit, except for priority, nice and nonewprivs. */
const NO_UNLIMITED = new Set(['priority', 'nice', 'nonewprivs']);

const ENTRY_LINE = new RegExp(`^\\S+\\s+(soft|hard|-)\\s+(${[...ITEMS].join('|')})\\s+\\S+\\s*$`);
const LIMITS_PATH = /(^|\/)security\/limits\.(conf|d\/[^/]+\.conf)$/;

export const limitsParser: ConfigParser<LimitsConfig> = {
  id: 'limits',
  detect(path, sample) {
    let entries = 0;
    let others = 0;
    for (const raw of sample.split(/\r?\n/)) {
      const line = stripComment(raw).trim();
      if (line === '') continue;
      if (ENTRY_LINE.test(line)) entries++;
      else others++;
    }
    // The name only raises a file whose lines are mostly entries; it never makes one of other lines limits.conf.
    if (LIMITS_PATH.test(path)) return others > entries ? 0.4 : 0.95;
    if (entries === 0) {
      // The stock file is all comments; its header names the columns.
      return /^#\s*<domain>\s+<type>\s+<item>\s+<value>/m.test(sample) && others === 0 ? 0.7 : 0;
    }
    if (others === 0) return 0.8;
    return entries >= 3 * others ? 0.6 : 0;
  },
  parse({ path, text }) {
    const issues: ParseIssue[] = [];
    const entries: LimitsEntry[] = [];
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = stripComment(lines[i]).trim();
      if (line === '') continue;
      const loc = { path, line: i + 1 };
      const fields = line.split(/\s+/);
      // limits.conf(5): a `-` type with no item and value never enforces anything; nothing to record.
      if (fields.length === 2 && fields[1] === '-') continue;
      if (fields.length !== 4) {
        issues.push({ ...loc, message: 'expected "<domain> <type> <item> <value>"' });
        continue;
      }
      const [domain, type, item, rawValue] = fields;
      if (type !== 'soft' && type !== 'hard' && type !== '-') {
        issues.push({ ...loc, message: `expected type soft, hard or -, got "${clip(type)}"` });
        continue;
      }
      if (!ITEMS.has(item)) {
        issues.push({
          ...loc,
          message: `expected a limit item like nofile, nproc, as or memlock, got "${clip(item)}"`,
        });
        continue;
      }
      const value = parseValue(item, rawValue);
      if (value === null) {
        issues.push({
          ...loc,
          message: `expected a number, unlimited or infinity for ${item}, got "${clip(rawValue)}"`,
        });
        continue;
      }
      entries.push({ domain, type, item, value, loc });
    }
    return { data: { entries }, issues, consumed: [] };
  },
};

function parseValue(item: string, raw: string): number | null {
  const v = raw.toLowerCase();
  if (!NO_UNLIMITED.has(item) && (v === 'unlimited' || v === 'infinity' || v === '-1')) return Infinity;
  return /^-?\d+$/.test(v) ? Number(v) : null;
}

/** pam_limits cuts a line at its first `#`. */
function stripComment(line: string): string {
  const i = line.indexOf('#');
  return i < 0 ? line : line.slice(0, i);
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
