// Kept in step with package.json by a test (src/report/audit-sarif.test.ts).
import { readFileSync } from 'node:fs';

export const VERSION = '0.1.0';

/** package.json's `homepage` (SARIF informationUri and each rule's helpUri), undefined when it is unset. */
export const HOMEPAGE: string | undefined = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { homepage?: unknown };
    return typeof pkg.homepage === 'string' && /^https?:\/\//.test(pkg.homepage) ? pkg.homepage : undefined;
  } catch {
    return undefined;
  }
})();
