// `faultline investigate`: flags → investigate() → report; exit 1 when an incident was found.

import type { InvestigateResult } from '../analysis/types.js';
import { investigate } from '../investigate.js';
import type { InvestigateFormat } from '../model/ids.generated.js';
import { isValidZone } from '../read/time.js';
import { INVESTIGATE_REPORTERS } from '../report/index.js';
import { useColor, warn, writeReport } from './output.js';
import { projectConfigOr2 } from './project-config.js';

export interface InvestigateFlags {
  format: InvestigateFormat;
  out?: string;
  quiet?: boolean;
  color?: boolean;
  tz?: string;
  year?: string;
  from?: string;
  to?: string;
  workers?: string;
  config?: string;
}

function parseTime(raw: string | undefined, flag: string): number | undefined | null {
  if (raw === undefined) return undefined;
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(raw) || !/\d\d:\d\d/.test(raw) ? raw : `${raw}Z`);
  if (Number.isNaN(t)) {
    warn(`${flag} ${raw}: expected a time such as 2022-07-11T14:00 (UTC unless an offset is given)`);
    return null;
  }
  return t;
}

export async function runInvestigate(paths: string[], flags: InvestigateFlags): Promise<number> {
  if (flags.tz !== undefined && !isValidZone(flags.tz)) {
    warn(`--tz ${flags.tz}: expected an IANA time zone such as America/New_York`);
    return 2;
  }
  const year = flags.year === undefined ? undefined : Number(flags.year);
  if (year !== undefined && (!Number.isInteger(year) || year < 1970 || year > 2100)) {
    warn(`--year ${flags.year}: expected a four-digit year`);
    return 2;
  }
  const from = parseTime(flags.from, '--from');
  const to = parseTime(flags.to, '--to');
  if (from === null || to === null) return 2;
  const workers = flags.workers === undefined ? undefined : Number(flags.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > 64)) {
    warn(`--workers ${flags.workers}: expected a whole number from 0 to 64`);
    return 2;
  }
  const config = await projectConfigOr2(flags.config);
  if (config === 2) return 2;
  const userFormats = config?.formats;
  const progress = makeProgress(flags.quiet);
  let result: InvestigateResult;
  try {
    result = await investigate({
      paths,
      tz: flags.tz,
      year,
      from,
      to,
      workers,
      userFormats,
      onProgress: progress.update,
    });
  } finally {
    progress.done();
  }
  const readable = result.inputs.filter((i) => i.format !== null);
  if (readable.length === 0) {
    for (const p of result.problems) warn(p);
    for (const i of result.inputs) warn(`${i.path}: ${i.error ?? i.note ?? 'format not recognised'}`);
    warn(`no readable log or config in ${paths.join(', ')}`);
    return 2;
  }
  if (!flags.quiet) for (const p of result.problems) warn(p);
  const text = INVESTIGATE_REPORTERS[flags.format].render(result, { color: useColor(flags) });
  writeReport(text, flags.out);
  return result.incidents.length > 0 ? 1 : 0;
}

/** A progress line on stderr, only on a TTY and only once a run takes more than a couple of seconds. */
function makeProgress(quiet?: boolean) {
  const started = Date.now();
  let shown = false;
  let lastDraw = 0;
  const tty = process.stderr.isTTY === true && !quiet;
  return {
    update: (bytes: number) => {
      if (!tty) return;
      const now = Date.now();
      if (now - started < 2000 || now - lastDraw < 200) return;
      lastDraw = now;
      shown = true;
      const mb = bytes / 1e6;
      process.stderr.write(
        `\r\x1b[Kfaultline: read ${mb.toFixed(0)} MB (${(mb / ((now - started) / 1000)).toFixed(0)} MB/s)`,
      );
    },
    done: () => {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
