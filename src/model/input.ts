// One input as the reports list it: which file, which format it was read as, and why it was skipped or how it
// was read. Shared by audit and investigate.
export interface InputRecord {
  path: string;
  format: string | null;
  error: string | null;
  host?: string;
  /** Why a file was skipped or how it was read ("included by etc/nginx/nginx.conf:12"). */
  note?: string;
}
