import { probeSnapshots } from './_probe.js';
import type { FindingDraft, Rule } from './types.js';

const WARN_DAYS = 30;
const ERROR_DAYS = 7;

const rule: Rule = {
  meta: {
    id: 'certificate-expires-soon',
    severity: 'warning',
    title: 'A TLS certificate a server uses has expired or expires soon',
    summary:
      'A certificate named by nginx `ssl_certificate`, Apache `SSLCertificateFile` or HAProxy `bind … crt` expires within 30 days (error within 7, or expired).',
    explanation:
      'Once its certificate expires, every client that verifies it refuses the connection ("certificate has expired", NET::ERR_CERT_DATE_INVALID): the site or API is down for them while the server runs fine. Renewal that worked for months fails silently when a DNS record, a firewall rule for the ACME challenge, or a renewal hook changed, and a server reads a renewed file only when it reloads. The certificate read is the file the config names, under the probed root; its notAfter is compared with the snapshot\'s time.',
    fix: 'Renew it now (`certbot renew` and check its log, or the CA\'s process), make sure the server reloads after renewal (certbot `--deploy-hook "systemctl reload nginx"`), and monitor the expiry of what is served (`openssl s_client -connect host:443 | openssl x509 -noout -enddate`).',
    references: [
      'https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5',
      'https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_certificate',
    ],
    messages: {
      expired: '{{subject}} ({{path}}, named at {{where}}) expired {{days}} days ago, on {{notAfter}}.',
      soon: '{{subject}} ({{path}}, named at {{where}}) expires in {{days}} days, on {{notAfter}}.',
    },
    requires: [['probe-snapshot'], ['nginx', 'apache']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const data of probeSnapshots(stack)) {
      for (const c of data.snapshot.certificates ?? []) {
        if (c.daysLeft > WARN_DAYS) continue;
        const expired = c.daysLeft < 0;
        out.push({
          messageId: expired ? 'expired' : 'soon',
          data: {
            subject: c.subject,
            path: c.path,
            where: `${c.referencedBy.path}:${c.referencedBy.line}`,
            days: Math.abs(c.daysLeft),
            notAfter: c.notAfter.slice(0, 10),
          },
          locations: [c.referencedBy],
          severity: expired || c.daysLeft <= ERROR_DAYS ? 'error' : 'warning',
        });
      }
    }
    return out;
  },
};

export default rule;
