import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { nodeAppParser } from './node-app.js';
import type { ConfigFS } from './types.js';

const FIXTURES = 'test/fixtures/config/node-app';
const noFs: ConfigFS = { glob: () => [], read: () => undefined };
const parse = (path: string, text: string) => nodeAppParser.parse({ path, text, fs: noFs });
const parseFixture = (name: string) => parse(`${FIXTURES}/${name}`, readFileSync(`${FIXTURES}/${name}`, 'utf8'));

describe('nodeAppParser: sources', () => {
  it('reads server timeouts, createServer options and the listen port fallback', () => {
    const path = `${FIXTURES}/server.js`;
    const { data, issues } = parseFixture('server.js');
    assert.deepEqual(issues, []);
    assert.deepEqual(data.keepAliveTimeout, { value: 65000, raw: '65000', loc: { path, line: 14 }, isDefault: false });
    assert.deepEqual([data.headersTimeout?.value, data.headersTimeout?.loc?.line], [66000, 10]);
    // process.env.REQUEST_TIMEOUT_MS has no fallback: nothing is invented.
    assert.equal(data.requestTimeout, undefined);
    assert.deepEqual(
      data.listenPorts.map((p) => [p.value, p.raw, p.loc?.line]),
      [[3000, 'process.env.PORT || 3000', 11]],
    );
  });

  it('reads every knex environment of a knexfile, defaulting pool max to 10', () => {
    const { data, issues } = parseFixture('knexfile.js');
    assert.deepEqual(issues, []);
    const [dev, prod] = data.pools;
    assert.deepEqual([dev.library, dev.engine, dev.loc.line], ['knex', 'mysql', 3]);
    assert.deepEqual([dev.max.value, dev.max.isDefault], [10, true]);
    assert.match(dev.max.defaultSource ?? '', /max: 10/);
    assert.deepEqual([dev.host?.value, dev.port?.value, dev.port?.loc?.line], ['127.0.0.1', 3306, 7]);
    assert.deepEqual(
      [prod.engine, prod.max.value, prod.max.loc?.line, prod.max.isDefault],
      ['postgres', 20, 23, false],
    );
    assert.equal(prod.host?.value, 'api-prod.cluster-c1.us-east-1.rds.amazonaws.com');
    assert.doesNotMatch(JSON.stringify(data), /DB_PASSWORD|password/);
  });

  it('reads a mysql2 pool with its connectionLimit, host and port', () => {
    const { data } = parseFixture('db-mysql.js');
    assert.equal(data.pools.length, 1);
    const [pool] = data.pools;
    assert.deepEqual([pool.library, pool.engine, pool.max.value, pool.max.loc?.line], ['mysql2', 'mysql', 25, 9]);
    assert.deepEqual([pool.host?.value, pool.port?.value], ['haproxy', 3306]);
  });

  it('reads a pg pool from a TypeScript module (default max 10)', () => {
    const { data, issues } = parseFixture('db-pg.ts');
    assert.deepEqual(issues, []);
    assert.equal(data.pools.length, 1);
    const [pool] = data.pools;
    assert.deepEqual([pool.library, pool.engine, pool.loc.line], ['pg', 'postgres', 12]);
    assert.deepEqual(
      [pool.max.value, pool.max.isDefault, pool.host?.value, pool.port?.value],
      [10, true, 'db.internal', 5432],
    );
    assert.match(pool.max.defaultSource ?? '', /node-postgres/);
  });

  it('reads a Sequelize pool and its default of 5', () => {
    const text = "const sequelize = new Sequelize('shop', 'u', 'p', {\n  host: 'mysql',\n  dialect: 'mysql',\n});\n";
    const { data } = parse('models/index.js', text);
    assert.deepEqual(
      data.pools.map((p) => [p.library, p.max.value, p.max.isDefault, p.host?.value]),
      [['sequelize', 5, true, 'mysql']],
    );
  });

  it('reports malformed values by line and keeps going', () => {
    const { data, issues } = parseFixture('broken-pool.js');
    assert.deepEqual(
      issues.map((i) => [i.line, i.message]),
      [
        [2, 'expected pool max as a non-negative number'],
        [3, 'expected keepAliveTimeout in milliseconds as a non-negative number'],
      ],
    );
    assert.deepEqual(
      [data.pools[0].library, data.pools[0].max.value, data.pools[0].max.isDefault],
      ['mysql', 10, true],
    );
  });
});

describe('nodeAppParser: package.json, .nvmrc, Dockerfile', () => {
  it('reads the Heroku forever case from package.json', () => {
    const path = `${FIXTURES}/package.json`;
    const { data, issues } = parseFixture('package.json');
    assert.deepEqual(issues, []);
    assert.equal(data.packageName, 'heroku-chat');
    assert.deepEqual(data.nodeVersion, { value: '0.10.x', raw: '"0.10.x"', loc: { path, line: 6 }, isDefault: false });
    assert.deepEqual(
      data.processManagers.map((p) => [p.value, p.loc?.line]),
      [['forever', 9]],
    );
  });

  it('reads .nvmrc and the running stage of a Dockerfile', () => {
    assert.deepEqual(parseFixture('.nvmrc').data.nodeVersion?.value, '18.17.1');
    const docker = parseFixture('Dockerfile').data.nodeVersion;
    assert.deepEqual([docker?.value, docker?.loc?.line], ['18.19.0', 8]);
    assert.equal(parse('Dockerfile', 'FROM node:20-alpine\nFROM nginx:1.25\n').data.nodeVersion, undefined);
  });

  it('reports a broken package.json', () => {
    const { issues } = parse('package.json', '{\n  "name": "x",\n  "scripts": {\n}\n');
    assert.equal(issues.length, 1);
  });

  it('detects by content and name', () => {
    assert.ok(nodeAppParser.detect('src/server.js', readFileSync(`${FIXTURES}/server.js`, 'utf8')) >= 0.5);
    assert.ok(nodeAppParser.detect('lib/db.js', readFileSync(`${FIXTURES}/db-mysql.js`, 'utf8')) >= 0.5);
    assert.equal(nodeAppParser.detect('src/util.js', 'export const add = (a, b) => a + b;\n'), 0);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.constantFrom('a.js', 'b.ts', 'package.json', '.nvmrc', 'Dockerfile'),
        (text, path) => {
          const out = parse(path, text);
          assert.ok(Array.isArray(out.data.pools));
        },
      ),
      { numRuns: 300 },
    );
  });
});
