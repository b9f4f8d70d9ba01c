// tls-certificate-expired: a certificate on the path expired (or failed verification), so the TLS handshake fails
// before any request is sent and every call over it errors. It must show clients refusing a certificate near an
// incident — Node `certificate has expired` / CERT_HAS_EXPIRED, nginx `upstream SSL certificate verify error:
// (10:certificate has expired)`, Python `CERTIFICATE_VERIFY_FAILED`, Java `CertificateExpiredException` / PKIX
// `validity check failed`, curl `SSL certificate problem: certificate has expired` — and they must be a real part
// of the incident's errors; certbot's failed renewals before it corroborate. Verification failures other than
// expiry (unknown issuer, self-signed) weigh less; a handful of TLS lines among many other errors weighs little.
import type { LogEvent } from '../../model/event.js';
import { clip } from '../../report/redact.js';
import type { AnalysisContext, Hypothesis, HypothesisDetector } from '../types.js';
import {
  combine,
  countScore,
  files,
  hasIncident,
  hypothesis,
  nearIncident,
  ofTypes,
  pickEvidence,
  plural,
  quote,
} from './weigh.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const MIN_LINES = 2;
/** A failed renewal this long before the incident still explains an expiry (certbot renews 30 days ahead). */
const RENEWAL_BEFORE = 45 * DAY;

/** The TLS peer a line names: nginx's `upstream: "https://…"`, or the first https:// URL of the line. */
export function peerOf(e: LogEvent): string | undefined {
  const m = /https:\/\/([\w.-]{1,253}(?::\d{1,5})?)/.exec(e.text);
  return m?.[1];
}

const isIp = (host: string) => /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host);

interface Peer {
  /** host:port to connect to. */
  connect: string;
  /** The name to ask for (SNI), a hostname when a line gives one. */
  name: string;
}

function peerFor(lines: LogEvent[]): Peer | undefined {
  const counts = new Map<string, number>();
  for (const e of lines) {
    const p = peerOf(e);
    if (p) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([p]) => p);
  if (!ranked.length) return undefined;
  const withPort = (p: string) => (/:\d{1,5}$/.test(p) ? p : `${p}:443`);
  const host = (p: string) => p.replace(/:\d{1,5}$/, '');
  const named = ranked.find((p) => !isIp(host(p)));
  const top = ranked[0];
  return { connect: withPort(named ?? top), name: host(named ?? top) };
}

/** Lines grouped by the file they come from, so each client's own refusal is quoted. */
function byPath(lines: LogEvent[]): LogEvent[][] {
  const groups = new Map<string, LogEvent[]>();
  for (const e of lines) groups.set(e.path, [...(groups.get(e.path) ?? []), e]);
  return [...groups.values()];
}

function errorLinesIn(ctx: AnalysisContext): number {
  return ctx.events.filter(
    (e) => (e.level === 'error' || e.level === 'critical') && nearIncident(ctx, e.time, MINUTE, MINUTE),
  ).length;
}

export function detectTlsCertificateExpired(ctx: AnalysisContext): Hypothesis | null {
  if (!hasIncident(ctx)) return null;
  const near = (e: LogEvent) => nearIncident(ctx, e.time, MINUTE, MINUTE);
  const expired = ofTypes(ctx, ['tls-cert-expired']).filter(near);
  const verify = ofTypes(ctx, ['tls-verify-failed']).filter(near);
  const tls = [...expired, ...verify];
  if (tls.length < MIN_LINES) return null;
  const start = Math.min(...ctx.incidents.map((i) => i.start));
  const renewals = ofTypes(ctx, ['cert-renewal-failed']).filter(
    (e) => e.time >= start - RENEWAL_BEFORE && e.time <= start + MINUTE,
  );
  // The TLS failures must be a real part of the incident: a few among many other errors are not its cause.
  const share = tls.length / Math.max(tls.length, errorLinesIn(ctx));
  let confidence = expired.length
    ? countScore(expired.length + verify.length, 0.6, 0.88)
    : countScore(verify.length, 0.45, 0.68);
  if (renewals.length) confidence = combine([confidence, 0.5]);
  if (share < 0.2) confidence *= 0.5;
  const peer = peerFor(tls);
  const first = tls.sort((a, b) => a.time - b.time)[0];
  const at = (t: number) => new Date(t).toISOString().slice(11, 19);
  const what = expired.length ? 'an expired certificate' : 'a certificate it could not verify';
  const where = peer ? ` of ${peer.name}` : '';
  const renewal = renewals[renewals.length - 1];
  const explanation = [
    `${plural(tls.length, 'TLS handshake')} failed on ${what}${where} from ${at(first.time)} UTC in ${files(tls)}, the first \`${clip(quote(first, 120), 120, '…')}\` (${first.path}:${first.line}).`,
    expired.length
      ? 'The client checked the certificate against the clock and refused it: the server still presents a certificate past its notAfter date, so no request over that connection is sent.'
      : 'The client could not build a trusted chain (issuer unknown, self-signed, or another verify error): no request over that connection is sent.',
    `They are ${Math.round(share * 100)}% of the error lines near the incident.`,
    renewal
      ? `certbot had failed to renew before (\`${clip(quote(renewal, 100), 100, '…')}\`, ${renewal.path}:${renewal.line}).`
      : "No failed renewal is among the inputs (certbot's log, /var/log/letsencrypt/letsencrypt.log, would show one).",
  ].join(' ');
  const target = peer ? peer.connect : 'the server named in the errors';
  const connect = peer?.connect ?? '<host>:443';
  const sni = peer?.name ?? '<host>';
  return hypothesis(
    {
      cause: 'tls-certificate-expired',
      confidence,
      title: expired.length
        ? `The TLS certificate${where} has expired: clients refuse the handshake`
        : `Clients could not verify the TLS certificate${where}`,
      explanation,
      evidence: pickEvidence([...byPath(expired), ...byPath(verify), renewals.slice(-1)], 8, 2),
      remedies: [
        {
          kind: 'stop-gap',
          text: `install a valid certificate on ${target} and reload that server (\`certbot renew --force-renewal\` then \`systemctl reload nginx\` for a Let's Encrypt one, or the CA's renewed certificate); do not turn verification off in the clients.`,
        },
        {
          kind: 'fix',
          text: renewal
            ? "fix what makes certbot's renewal fail (the error it logged: a challenge blocked, a plugin or DNS credential gone) and check `certbot renew --dry-run` passes."
            : "automate the renewal (certbot.timer or the CA's ACME client) with a deploy hook that reloads every server using the certificate, and add the intermediate chain (fullchain) if verification fails on the issuer.",
        },
        {
          kind: 'long-term',
          text: 'monitor expiry of every certificate on the path, internal ones too (alert 21 days ahead: `openssl x509 -checkend 1814400`), and keep an inventory of where each is installed.',
        },
      ],
      confirm: [
        `openssl s_client -connect ${connect} -servername ${sni} </dev/null 2>/dev/null | openssl x509 -noout -dates -subject -issuer`,
        `curl -sv -o /dev/null https://${sni}${connect.endsWith(':443') ? '' : `:${connect.split(':').pop()}`}/ 2>&1 | grep -iE 'expire|verify|SSL certificate'`,
        "certbot certificates   # expiry and path of each Let's Encrypt certificate",
      ],
    },
    [],
  );
}

export const tlsCertificateExpired: HypothesisDetector = {
  cause: 'tls-certificate-expired',
  detect: detectTlsCertificateExpired,
  predicts: {
    must: [
      "clients refusing a certificate near an incident (CERT_HAS_EXPIRED, nginx upstream SSL verify error, CERTIFICATE_VERIFY_FAILED, PKIX validity), a real part of the incident's errors",
    ],
    mustNot: [
      'verification failures other than expiry (unknown issuer, self-signed): weigh less',
      'a handful of TLS lines among many other errors: weigh little',
    ],
    order: ["certbot's failed renewals (if any) before the refusals"],
  },
};
