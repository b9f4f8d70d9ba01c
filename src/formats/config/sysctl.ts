// Kernel parameters as configured: /etc/sysctl.conf, /etc/sysctl.d/*.conf (sysctl.d(5)), and the
// `key = value` listing that `sysctl -a` prints, saved to a file. Keys are stored with dots.
//
// Sample (the postmortem's Redis host, /etc/sysctl.d/99-redis.conf):
//
//   # Redis: background save may fail under low memory condition
//   vm.overcommit_memory = 1
//   net.core.somaxconn=65535
//
// → values = { "vm.overcommit_memory": { value: "1", loc: 99-redis.conf:2 },
//              "net.core.somaxconn": { value: "65535", loc: 99-redis.conf:3 } }
import type { ParseIssue } from '../../model/setting.js';
import type { ConfigParser, SysctlConfig } from './types.js';

/** Top-level directories of /proc/sys: a key outside them is not a kernel parameter. */
const ROOTS = 'abi|crypto|debug|dev|fs|kernel|net|sunrpc|user|vm';
const ASSIGNMENT = new RegExp(`^-?(${ROOTS})[./][\\w.*/:@-]+\\s*=`);
const SYSCTL_PATH = /(^|\/)sysctl\.(conf|d\/[^/]+\.conf)$/;

export const sysctlParser: ConfigParser<SysctlConfig> = {
  id: 'sysctl',
  detect(path, sample) {
    let assignments = 0;
    let others = 0;
    for (const raw of sample.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#') || line.startsWith(';') || line.startsWith('sysctl: ')) continue;
      if (ASSIGNMENT.test(line)) assignments++;
      else others++;
    }
    if (SYSCTL_PATH.test(path)) return others > assignments ? 0.4 : 0.95;
    if (assignments === 0) return 0;
    // `sysctl -a` saved to a file, or a sysctl snippet under another name: content decides. Keys start with a
    // sysctl root (net., vm., fs. …), so four in five such lines are a sysctl file with a typo, not another format.
    if (others === 0) return assignments >= 2 ? 0.85 : 0.6;
    return assignments >= 4 * others ? 0.7 : 0;
  },
  parse({ path, text }) {
    const issues: ParseIssue[] = [];
    const values: SysctlConfig['values'] = {};
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      // sysctl.d(5): empty lines and lines whose first non-whitespace character is # or ; are ignored.
      if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
      // `sysctl -a 2>&1` mixes in the tool's own messages ("sysctl: permission denied on key …").
      if (line.startsWith('sysctl: ')) continue;
      const loc = { path, line: i + 1 };
      const eq = line.indexOf('=');
      if (eq < 0) {
        // `-key` alone (systemd ≥ 247) excludes a key from an earlier glob: nothing is set.
        if (/^-\S+$/.test(line)) continue;
        issues.push({ ...loc, message: 'expected "key = value"' });
        continue;
      }
      // A leading "-" only means "ignore a failure to write it" (sysctl.d(5)).
      const rawKey = line.slice(0, eq).trim().replace(/^-/, '');
      if (!/^[\w.*/:@-]+$/.test(rawKey) || !/[./]/.test(rawKey)) {
        issues.push({
          ...loc,
          message: `expected a dotted kernel parameter name like vm.swappiness, got "${clip(rawKey)}"`,
        });
        continue;
      }
      values[dottedKey(rawKey)] = { value: line.slice(eq + 1).trim(), loc };
    }
    return { data: { values }, issues, consumed: [] };
  },
};

/**
 * sysctl.d(5): when the first separator is a slash, slashes separate and dots are part of a name
 * ("net/ipv4/conf/enp3s0.200/forwarding"); the dotted form swaps the two ("net.ipv4.conf.enp3s0/200.forwarding").
 */
export function dottedKey(key: string): string {
  const first = key.search(/[./]/);
  if (first < 0 || key[first] === '.') return key;
  return key.replace(/[./]/g, (c) => (c === '/' ? '.' : '/'));
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
