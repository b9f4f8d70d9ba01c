// How the reports and the analysis write a moment: always UTC, in one of three precisions.

/** "2022-07-11 14:01:27" (UTC). */
export function utc(t: number | string): string {
  return new Date(t).toISOString().replace('T', ' ').slice(0, 19);
}

/** "2022-07-11 14:01" (UTC): incident windows, which are whole minutes. */
export function utcMinute(t: number | string): string {
  return utc(t).slice(0, 16);
}

/** "14:01:27" (UTC): a moment on a day already named. */
export function utcClock(t: number | string): string {
  return new Date(t).toISOString().slice(11, 19);
}
