// The generated part of each docs/causes/<cause>.md page: the table of the log signatures that point to the cause,
// from src/signatures/catalog.ts, so the page never drifts from what faultline matches (the rest of the page is
// written by hand and checked by test/docs.test.ts). `node --import tsx scripts/cause-docs.ts` rewrites the
// tables (`npm run gen`); `--check` writes nothing and exits 1 when a page is out of date.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DETECTORS } from '../src/analysis/hypotheses/index.js';
import { CAUSE_IDS, type CauseId } from '../src/model/ids.generated.js';
import { SIGNATURES } from '../src/signatures/catalog.js';

const root = new URL('../', import.meta.url).pathname;
const HEADING = '## Signatures';
const BEGIN = '<!-- Generated from src/signatures/catalog.ts by `npm run gen`: do not edit this section. -->';
const END = '<!-- End of the generated section. -->';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** The section listing every signature whose cause is this one, in catalog order. */
export function signatureSection(cause: CauseId): string {
  const rows = SIGNATURES.filter((s) => s.cause === cause).map(
    (s) => `| \`${s.id}\` | \`${s.event}\` | ${s.severity} | ${s.formats.join(', ')} | ${cell(s.summary)} |`,
  );
  const body =
    rows.length === 0
      ? ['No log signature points to this cause directly; the detector weighs the events above.']
      : [
          'The known log lines that point to this cause (`faultline rules` lists them all):',
          '',
          '| signature | event type | severity | formats | line |',
          '| --- | --- | --- | --- | --- |',
          ...rows,
        ];
  return [HEADING, BEGIN, ...body, END].join('\n');
}

/** The page with its signature section as generated: replaced in place, or added before `## Fixes`. */
export function withSignatureSection(page: string, cause: CauseId): string {
  const section = signatureSection(cause);
  const start = page.indexOf(`\n${HEADING}\n`);
  if (start >= 0) {
    const end = page.indexOf(END, start);
    if (end < 0) throw new Error(`docs/causes/${cause}.md: "${HEADING}" without the end marker`);
    return `${page.slice(0, start + 1)}${section}${page.slice(end + END.length)}`;
  }
  const fixes = page.indexOf('\n## Fixes\n');
  if (fixes < 0) throw new Error(`docs/causes/${cause}.md: no "## Fixes" section to put the signatures before`);
  return `${page.slice(0, fixes + 1)}${section}\n\n${page.slice(fixes + 1)}`;
}

const PREDICTIONS = '## Predictions';
const P_BEGIN = "<!-- Generated from the detector's `predicts` by `npm run gen`: do not edit this section. -->";

/** What the detector declares it predicts (src/analysis/hypotheses/<cause>.ts, `predicts`), so it can be proved wrong. */
export function predictionSection(cause: CauseId): string {
  const p = DETECTORS.find((d) => d.cause === cause)?.predicts;
  if (!p) throw new Error(`no detector for ${cause}`);
  const list = (xs: string[]) => xs.map((x) => `- ${x.replace(/\s*\n\s*/g, ' ')}`);
  return [
    PREDICTIONS,
    P_BEGIN,
    'What must appear:',
    ...list(p.must),
    '',
    'What speaks against it (each lowers the score or silences the detector):',
    ...list(p.mustNot),
    '',
    'In what order:',
    ...list(p.order),
    END,
  ].join('\n');
}

/** The page with its predictions section as generated: replaced in place, or added before `## Signatures`. */
export function withPredictionSection(page: string, cause: CauseId): string {
  const section = predictionSection(cause);
  const start = page.indexOf(`\n${PREDICTIONS}\n`);
  if (start >= 0) {
    const end = page.indexOf(END, start);
    if (end < 0) throw new Error(`docs/causes/${cause}.md: "${PREDICTIONS}" without the end marker`);
    return `${page.slice(0, start + 1)}${section}${page.slice(end + END.length)}`;
  }
  const sigs = page.indexOf(`\n${HEADING}\n`);
  if (sigs < 0) throw new Error(`docs/causes/${cause}.md: no "${HEADING}" section to put the predictions before`);
  return `${page.slice(0, sigs + 1)}${section}\n\n${page.slice(sigs + 1)}`;
}

export const causePagePath = (cause: string) => `${root}docs/causes/${cause}.md`;

/** Marks what a new page's author must still write; test/docs.test.ts fails on any page that has it. */
export const TO_WRITE = 'TO WRITE:';

/** The page of a new cause, with the sections every cause page has, for its author to fill in. */
function newPage(cause: CauseId): string {
  return [
    `# ${cause}`,
    '',
    `${TO_WRITE} what happens, in two or three sentences (the contract's meaning of the id, expanded).`,
    '',
    '## Seed stories',
    `${TO_WRITE} the seed postmortems or lab scenarios that show it, or why none does.`,
    '',
    '## Evidence faultline uses',
    `${TO_WRITE} the event types the detector weighs (direct, supporting) and the audit findings that add weight.`,
    '',
    '## Fixes',
    `${TO_WRITE} the stop-gap, the fix and the long-term remedy, as the hypothesis gives them.`,
    '',
    '## Confirm',
    `${TO_WRITE} the commands that confirm it on the host.`,
    '',
  ].join('\n');
}

function main(check: boolean): number {
  const stale: string[] = [];
  for (const cause of CAUSE_IDS) {
    const path = causePagePath(cause);
    const page = existsSync(path) ? readFileSync(path, 'utf8') : newPage(cause);
    const next = withPredictionSection(withSignatureSection(page, cause), cause);
    if (next === page) continue;
    stale.push(`docs/causes/${cause}.md`);
    if (!check) writeFileSync(path, next);
  }
  if (check && stale.length > 0) console.error(`out of date: ${stale.join(', ')} — run \`npm run gen\``);
  else if (stale.length > 0) console.log(`wrote ${stale.join(', ')}`);
  return check && stale.length > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  process.exitCode = main(process.argv.includes('--check'));
