// The investigate JSON report of every corpus scenario and every bundled example validates against the schema
// committed in schemas/ (which docs/contract.md points to), and the schema rejects a report that breaks it.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../../src/investigate.js';
import { investigateJson } from '../../src/report/investigate-json.js';

const root = new URL('../../', import.meta.url).pathname;
const Ajv = createRequire(import.meta.url)('ajv').default;
const schema = JSON.parse(readFileSync(join(root, 'schemas/investigate.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true, validateFormats: false }).compile(schema);

const corpus = join(root, 'test/corpus');
const inputs = [
  ...readdirSync(corpus)
    .filter((d) => existsSync(join(corpus, d, 'MANIFEST.json')))
    .map((d) => join(corpus, d)),
  join(root, 'examples/incident-api.tar.gz'),
  join(root, 'examples/postmortem-api'),
];

async function report(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(investigateJson(await investigate({ paths: [path] })));
}

for (const path of inputs) {
  test(`investigate --format json of ${path.slice(root.length)} follows schemas/investigate.schema.json`, async () => {
    const json = await report(path);
    assert.ok(validate(json), JSON.stringify(validate.errors?.slice(0, 5)));
  });
}

test('the schema rejects a remedy of an unknown kind and a hypothesis without remedies', async () => {
  const json = (await report(join(root, 'examples/incident-api.tar.gz'))) as {
    hypotheses: { remedies?: { kind: string; text: string }[] }[];
  };
  assert.ok(json.hypotheses.length > 0);
  const unknownKind = structuredClone(json);
  unknownKind.hypotheses[0].remedies = [{ kind: 'workaround', text: 'restart it' }];
  assert.equal(validate(unknownKind), false);
  const without = structuredClone(json);
  delete without.hypotheses[0].remedies;
  assert.equal(validate(without), false);
});
