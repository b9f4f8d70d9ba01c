// English month abbreviations (Jan..Dec → 1..12), as nginx, Apache, HAProxy, syslog and Tomcat print them.
// Matched on three character codes so hot paths can use it on strings and Buffers alike without slicing.

/** Month 1..12 from the three codes of an abbreviation (any case), or 0 when it is not one. */
export function monthFromCodes(a: number, b: number, c: number): number {
  // Fold ASCII letters to lower case; non-letters stay distinct and fail below.
  const k = ((a | 0x20) << 16) | ((b | 0x20) << 8) | (c | 0x20);
  switch (k) {
    case 0x6a616e:
      return 1; // jan
    case 0x666562:
      return 2; // feb
    case 0x6d6172:
      return 3; // mar
    case 0x617072:
      return 4; // apr
    case 0x6d6179:
      return 5; // may
    case 0x6a756e:
      return 6; // jun
    case 0x6a756c:
      return 7; // jul
    case 0x617567:
      return 8; // aug
    case 0x736570:
      return 9; // sep
    case 0x6f6374:
      return 10; // oct
    case 0x6e6f76:
      return 11; // nov
    case 0x646563:
      return 12; // dec
    default:
      return 0;
  }
}

/** Month 1..12 of the abbreviation starting at `at` in `s` ("Oct", "oct", "October" all → 10), 0 if none. */
export function monthFromName(s: string, at = 0): number {
  if (s.length < at + 3) return 0;
  return monthFromCodes(s.charCodeAt(at), s.charCodeAt(at + 1), s.charCodeAt(at + 2));
}

/** Same on raw bytes (ASCII). */
export function monthFromBytes(buf: Uint8Array, at: number): number {
  if (buf.length < at + 3) return 0;
  return monthFromCodes(buf[at], buf[at + 1], buf[at + 2]);
}

/** The regex alternation of the abbreviations, for patterns that need it. */
export const MONTH_ALTERNATION = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
