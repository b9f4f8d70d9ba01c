// The fuzz targets of what comes before any parser: each decompressor (a compressed log), the tar reader plain and
// under each codec, the zip reader, collect's bundle and its MANIFEST.json, the project config's user formats, and
// a whole bundle through investigate and audit into every report format. Containers are made from real fixture logs
// by the system's own tools (gzip, bzip2, xz, zstd, tar, zip) and collect itself, then mutated byte-wise.
//
// Properties: nothing thrown escapes; each input takes a bounded number of steps (bytes drained and entries listed
// stay within the case's budgets: counted, never timed); every entry stays inside the input (no `..`, no absolute
// name, no link followed out: a marker file beside the input never shows up); every problem is one line; no report
// holds a raw control character, a planted secret or the marker.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import fc from 'fast-check';
import { collect } from '../../src/collect/collect.js';
import { MANIFEST_NAME } from '../../src/collect/manifest.js';
import { ConfigError, loadProjectConfig } from '../../src/config/project-config.js';
import { CODEC_SUFFIXES } from '../../src/evidence/codecs.js';
import { isBinary } from '../../src/evidence/sample.js';
import type { WalkLimits } from '../../src/evidence/types.js';
import { walkInputs } from '../../src/evidence/walk.js';
import { CONFIG_PARSERS } from '../../src/formats/config/registry.js';
import { compileUser } from '../../src/read/format-ref.js';
import { classify } from '../../src/read/survey.js';
import { checkConfidence, checkParsedLine } from './checks.js';
import type { FuzzTarget } from './harness.js';
import { lineFrom, mutated } from './mutate.js';
import { mutatedBytes } from './mutate-bytes.js';

const root = new URL('../../', import.meta.url).pathname;
const FIXTURES = join(root, 'test/fixtures');
/** Written beside every input, reachable only by a link or a `..` name: it must never be read. */
export const OUTSIDE_MARKER = 'OUTSIDE-MARKER-5c1e9';
/** Each case's budgets, small so that a bomb among the mutations ends in a few MB. */
const CASE_LIMITS: Required<WalkLimits> = {
  maxExpandedBytes: 8 * 1024 * 1024,
  maxEntryBytes: 4 * 1024 * 1024,
  maxEntries: 2000,
  maxNameBytes: 4096,
  maxRatio: 100,
};
/** A stream hands out chunks of at most this: the slack of a budget once hit. */
const CHUNK_SLACK = 1024 * 1024;

// ---------------------------------------------------------------- the workspace and the real containers

interface Workspace {
  dir: string;
  /** Where each case's input is written (emptied before each case). */
  caseDir: string;
  /** The tree the containers are made of: logs, a config, links out of it. */
  tree: string;
}

let workspace: Workspace | undefined;

function ws(): Workspace {
  if (workspace) return workspace;
  const dir = mkdtempSync(join(tmpdir(), 'faultline-fuzz-'));
  mkdirSync(join(dir, 'outside'));
  writeFileSync(
    join(dir, 'outside/secret.log'),
    `Jul 11 14:00:02 web1 sshd[811]: error: ${OUTSIDE_MARKER} root only\n`.repeat(3),
  );
  const tree = join(dir, 'tree');
  const logs = join(tree, 'h/var/log/nginx');
  mkdirSync(logs, { recursive: true });
  mkdirSync(join(tree, 'h/etc/redis'), { recursive: true });
  const access = readFileSync(join(FIXTURES, 'log/nginx/access.log'), 'utf8').split('\n').slice(0, 40).join('\n');
  writeFileSync(join(logs, 'access.log'), `${access}\n`);
  writeFileSync(join(logs, 'error.log'), readFileSync(join(FIXTURES, 'log/nginx/error.log')));
  writeFileSync(join(tree, 'h/etc/redis/redis.conf'), 'port 6379\nmaxmemory 2gb\nrequirepass Hx9-fuzz-requirepass\n');
  symlinkSync('../../../../outside/secret.log', join(tree, 'h/var/log/syslog'));
  symlinkSync(join(dir, 'outside/secret.log'), join(tree, 'h/var/log/auth.log'));
  workspace = { dir, caseDir: join(dir, 'case'), tree };
  process.once('exit', cleanupWorkspace);
  return workspace;
}

/** The case folder (emptied by each case) and the file outside it that no case may read. */
export function workspaceDirs(): { caseDir: string; outside: string } {
  const w = ws();
  return { caseDir: w.caseDir, outside: join(w.dir, 'outside/secret.log') };
}

export function cleanupWorkspace(): void {
  if (workspace) rmSync(workspace.dir, { recursive: true, force: true });
  workspace = undefined;
}

const seedCache = new Map<string, Buffer[]>();
const sh = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, stdio: 'pipe' });

/** A compressed log per codec, made by the codec's own tool from the tree's logs. */
function codecSeeds(suffix: string): Buffer[] {
  const tool = { '.gz': 'gzip', '.bz2': 'bzip2', '.xz': 'xz', '.zst': 'zstd' }[suffix];
  assert.ok(tool, `no tool for ${suffix}`);
  const logs = join(ws().tree, 'h/var/log/nginx');
  return ['access.log', 'error.log'].map((f) => sh(tool, ['-q', '-c', f], logs));
}

/** The tree as a plain tarball (links stored as links), as each codec's tarball, and as a zip. */
function containerSeeds(kind: string): Buffer[] {
  const w = ws();
  const cached = seedCache.get(kind);
  if (cached) return cached;
  let seeds: Buffer[];
  if (kind === 'zip') {
    sh('zip', ['-qry', '../tree.zip', 'h'], w.tree);
    seeds = [readFileSync(join(w.dir, 'tree.zip'))];
  } else {
    const tar = sh('tar', ['-cf', '-', 'h'], w.tree);
    const tool = { tar: 'cat', 'tar.gz': 'gzip', 'tar.bz2': 'bzip2', 'tar.xz': 'xz', 'tar.zst': 'zstd' }[kind];
    assert.ok(tool, `no tool for ${kind}`);
    seeds = [tool === 'cat' ? tar : execFileSync(tool, ['-q', '-c'], { input: tar })];
  }
  seedCache.set(kind, seeds);
  return seeds;
}

// ---------------------------------------------------------------- containers: walk and drain, within the budgets

/** Writes `bytes` as the case's one input, walks it with the case budgets, drains every file; checks the walk. */
async function walkCase(name: string, bytes: Buffer): Promise<void> {
  const w = ws();
  rmSync(w.caseDir, { recursive: true, force: true });
  mkdirSync(w.caseDir);
  const input = join(w.caseDir, name);
  writeFileSync(input, bytes);
  const problems: string[] = [];
  let entries = 0;
  let drained = 0;
  for await (const e of walkInputs([input], { ...CASE_LIMITS, onProblem: (p) => problems.push(p.message) })) {
    entries++;
    // A file named directly keeps its path as given; a member's path is relative, under the bundle's own.
    const rel = e.path === input ? name : e.path;
    assert.ok(!isAbsolute(rel) && !rel.split('/').includes('..'), `entry outside the input: ${JSON.stringify(e.path)}`);
    if (e.realPath) assert.ok(!relative(w.caseDir, e.realPath).startsWith('..'), `reads ${e.realPath}`);
    if (e.kind !== 'file') continue;
    const chunks: Buffer[] = [];
    try {
      for await (const c of e.open()) {
        drained += (c as Buffer).length;
        chunks.push(c as Buffer);
      }
    } catch (err) {
      assert.ok(err instanceof Error, `a stream error is an Error: ${String(err)}`);
      assert.ok(!/[\r\n]/.test(err.message), `a stream error is one line: ${JSON.stringify(err.message)}`);
    }
    assert.ok(!Buffer.concat(chunks).includes(OUTSIDE_MARKER), `${e.path}: read the file outside the input`);
  }
  // The steps of a case: bounded by its budgets whatever the bytes say.
  assert.ok(entries <= CASE_LIMITS.maxEntries + 1, `${entries} entries`);
  assert.ok(drained <= CASE_LIMITS.maxExpandedBytes + CHUNK_SLACK, `${drained} bytes drained`);
  for (const m of problems) assert.ok(!/[\r\n]/.test(m), `a problem is one line: ${JSON.stringify(m)}`);
}

function codecTarget(codec: string, suffix: string): FuzzTarget {
  return {
    name: `container/${codec} decode`,
    unitRuns: 25,
    property: () => fc.asyncProperty(mutatedBytes(codecSeeds(suffix)), (b) => walkCase(`access.log${suffix}`, b)),
  };
}

function containerTarget(kind: string): FuzzTarget {
  return {
    name: `container/${kind} walk`,
    unitRuns: 25,
    property: () => fc.asyncProperty(mutatedBytes(containerSeeds(kind)), (b) => walkCase(`bundle.${kind}`, b)),
  };
}

/** Tarballs plain and under every codec, and zip: the containers the walk opens. */
export const CONTAINER_KINDS = ['tar', ...CODEC_SUFFIXES.map(([, suffix]) => `tar${suffix}`), 'zip'];

// ---------------------------------------------------------------- collect's bundle and its MANIFEST.json

let collected: { bundle: Buffer; manifest: string } | undefined;

/** A real collect bundle of the tree's host (no command run), and the MANIFEST.json inside it. */
async function collectSeed(): Promise<{ bundle: Buffer; manifest: string }> {
  if (collected) return collected;
  const w = ws();
  const out = join(w.dir, 'collected.tar.gz');
  await collect({ out, root: join(w.tree, 'h'), commands: [], now: new Date('2026-07-11T14:00:00Z') });
  let manifest = '';
  for await (const e of walkInputs([out])) {
    if (e.kind !== 'file' || !e.path.endsWith(MANIFEST_NAME)) continue;
    const chunks: Buffer[] = [];
    for await (const c of e.open()) chunks.push(c as Buffer);
    manifest = Buffer.concat(chunks).toString('utf8');
  }
  assert.ok(manifest.includes('"items"'), 'the bundle holds its MANIFEST.json');
  collected = { bundle: readFileSync(out), manifest };
  return collected;
}

const collectBundleTarget: FuzzTarget = {
  name: 'collect/bundle walk',
  unitRuns: 30,
  property: async () => {
    const { bundle } = await collectSeed();
    return fc.asyncProperty(mutatedBytes([bundle]), (b) => walkCase('host.tar.gz', b));
  },
};

/** Where a request line carries a secret, as nginx logs it (each redacted by shape, the key kept). */
export const SECRET_SHAPES: ((s: string) => string)[] = [
  (s) => `GET /v1/login?user=ops&password=${s} HTTP/1.1`,
  (s) => `GET /v1/export?token=${s}&page=2 HTTP/1.1`,
  (s) => `GET /v1/files?api_key=${s} HTTP/1.1`,
  (s) => `GET /oauth/callback?code=${s}&state=x HTTP/1.1`,
  (s) => `POST /v1/hook?DB_PASS=${s} HTTP/1.1`,
];

/** A value no fixture holds, so that finding it in an output means the planted one leaked. */
export const plantedSecret = fc
  .string({
    unit: fc.constantFrom(...'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789'),
    minLength: 12,
    maxLength: 24,
  })
  .map((s) => `Sx${s}`);

/** An nginx error line at 14:01:<sec> whose request carries `secret` in one of the shapes. */
export function plantedLine(shape: number, secret: string, sec: number, extra = ''): string {
  const request = (SECRET_SHAPES[shape % SECRET_SHAPES.length] as (s: string) => string)(secret).replace(
    ' /',
    ` /${extra}`,
  );
  return `2022/07/11 14:01:${sec} [error] 8934#8934: *2201${sec} upstream prematurely closed connection while reading response header from upstream, client: 1.2.3.4, server: api.example.com, request: "${request}", upstream: "http://127.0.0.1:8080/v1", host: "api.example.com"`;
}

/**
 * collect on a root whose logs carry a planted secret among mutated lines, and links out of the root: the bundle
 * holds neither the secret (its members are redacted) nor a line of the file outside.
 */
const collectRedactionTarget: FuzzTarget = {
  name: 'collect/bundle redacted, nothing outside',
  unitRuns: 5,
  property: () => {
    const errorLines = readFileSync(join(FIXTURES, 'log/nginx/error.log'), 'utf8').split('\n').filter(Boolean);
    const input = fc.tuple(
      fc.array(mutated(errorLines, { maxRepeat: 512, maxEdits: 2 }), { maxLength: 6 }),
      fc.nat(),
      plantedSecret,
      fc.integer({ min: 30, max: 59 }),
    );
    return fc.asyncProperty(input, async ([lines, shape, secret, sec]) => {
      const w = ws();
      rmSync(w.caseDir, { recursive: true, force: true });
      const logs = join(w.caseDir, 'root/var/log/nginx');
      mkdirSync(logs, { recursive: true });
      writeFileSync(
        join(logs, 'error.log'),
        `${[...errorLines, ...lines, plantedLine(shape, secret, sec)].join('\n')}\n`,
      );
      symlinkSync(join(w.dir, 'outside/secret.log'), join(w.caseDir, 'root/var/log/syslog'));
      symlinkSync('../../../../outside/secret.log', join(logs, 'access.log'));
      const out = join(w.caseDir, 'out.tar.gz');
      await collect({ out, root: join(w.caseDir, 'root'), commands: [], now: new Date('2026-07-11T14:00:00Z') });
      let members = 0;
      for await (const e of walkInputs([out])) {
        if (e.kind !== 'file') continue;
        members++;
        const chunks: Buffer[] = [];
        for await (const c of e.open()) chunks.push(c as Buffer);
        const text = Buffer.concat(chunks).toString('utf8');
        assert.ok(!text.includes(secret), `${e.path}: the planted secret ${secret} is in the bundle`);
        assert.ok(!text.includes(OUTSIDE_MARKER), `${e.path}: a line of the file outside the root is in the bundle`);
      }
      // MANIFEST.json at least (a log with NUL bytes in its head is skipped as binary).
      assert.ok(members >= 1, 'MANIFEST.json is bundled');
    });
  },
};

/** MANIFEST.json as investigate and audit meet it in a collect bundle: sorted by the survey, parsed if claimed. */
const manifestTarget: FuzzTarget = {
  name: 'collect/MANIFEST.json survey+parse',
  unitRuns: 150,
  property: async () => {
    const { manifest } = await collectSeed();
    const texts = fc.oneof(fc.constant(manifest), mutated([manifest], { maxRepeat: 4096, maxEdits: 8 }));
    return fc.property(texts, (text) => {
      const c = classify(
        { hostPath: `host/${MANIFEST_NAME}`, head: Buffer.from(text), mayBeConfig: true, custom: [] },
        isBinary,
      );
      if (c.kind === 'config') {
        const parser = CONFIG_PARSERS.find((p) => p.id === c.parserId);
        assert.ok(parser, c.parserId);
        parser.parse({ path: MANIFEST_NAME, text, fs: { read: () => undefined, glob: () => [] } });
      } else if (c.kind === 'log') for (const line of text.split('\n')) checkParsedLine(c.format.parse(line));
    });
  },
};

// ---------------------------------------------------------------- user formats of the project config

/** The project-config fixtures (each a folder with its faultline.config.* and a log of its formats). */
function projectConfigDirs(): string[] {
  const dir = join(FIXTURES, 'project-config');
  return execFileSync('ls', [dir], { encoding: 'utf8' })
    .split('\n')
    .filter((n) => n !== '' && !n.endsWith('.md'))
    .map((n) => join(dir, n));
}

/** One target for all of them: a format's lines are its samples and the fixture folder's logs. */
const userFormatsTarget: FuzzTarget = {
  name: 'log/user formats detect+parse',
  unitRuns: 80,
  property: async () => {
    const formats: { format: ReturnType<typeof compileUser>; seeds: string[] }[] = [];
    for (const dir of projectConfigDirs()) {
      const config = await loadProjectConfig({ cwd: dir });
      assert.ok(config && config.formats.length > 0, `${dir}: no user format`);
      const logs = execFileSync('ls', [dir], { encoding: 'utf8' })
        .split('\n')
        .filter((n) => n.endsWith('.log'))
        .flatMap((n) => readFileSync(join(dir, n), 'utf8').split('\n').slice(0, 50));
      for (const spec of config.formats) {
        const samples = (spec.samples ?? []).map((s) => s.line);
        formats.push({ format: compileUser(spec), seeds: [...samples, ...logs].filter(Boolean) });
      }
    }
    userFormatNames = formats.map((f) => f.format.id);
    const input = fc.integer({ min: 0, max: formats.length - 1 }).chain((i) => {
      const { format, seeds } = formats[i] as (typeof formats)[number];
      return fc.array(lineFrom(seeds, { maxRepeat: 4096, maxEdits: 4 }), { maxLength: 8 }).map((lines) => ({
        format,
        lines,
      }));
    });
    return fc.property(input, ({ format, lines }) => {
      checkConfidence(format.detect(lines, 'var/log/app.log'), `${format.id}.detect`);
      for (const line of lines) checkParsedLine(format.parse(line), `${format.id}.parse`);
    });
  },
};

/** faultline.config.yaml/.json itself: a loaded config, or a ConfigError of one line; never anything else. */
const projectConfigTarget: FuzzTarget = {
  name: 'config/faultline.config load',
  unitRuns: 60,
  property: () => {
    const files = projectConfigDirs().flatMap((dir) =>
      execFileSync('ls', [dir], { encoding: 'utf8' })
        .split('\n')
        .filter((n) => n.startsWith('faultline.config.'))
        .map((n) => ({ name: n, text: readFileSync(join(dir, n), 'utf8') })),
    );
    const input = fc.integer({ min: 0, max: files.length - 1 }).chain((i) => {
      const f = files[i] as (typeof files)[number];
      return mutated([f.text], { maxRepeat: 4096, maxEdits: 6 }).map((text) => ({ name: f.name, text }));
    });
    return fc.asyncProperty(input, async ({ name, text }) => {
      const w = ws();
      rmSync(w.caseDir, { recursive: true, force: true });
      mkdirSync(w.caseDir);
      writeFileSync(join(w.caseDir, name), text);
      try {
        const config = await loadProjectConfig({ cwd: w.caseDir });
        assert.ok(config, 'the config is found');
        for (const spec of config.formats) compileUser(spec);
      } catch (err) {
        assert.ok(err instanceof ConfigError, `not a ConfigError: ${(err as Error).stack}`);
        assert.ok(!/[\r\n]/.test(err.message), `not one line: ${JSON.stringify(err.message)}`);
      }
    });
  },
};

/** The user formats the target fuzzed (set once it has run): the coverage test compares them with the fixtures. */
export let userFormatNames: string[] = [];

export const INPUT_TARGETS: readonly FuzzTarget[] = [
  ...CODEC_SUFFIXES.map(([codec, suffix]) => codecTarget(codec, suffix)),
  ...CONTAINER_KINDS.map(containerTarget),
  collectBundleTarget,
  collectRedactionTarget,
  manifestTarget,
  userFormatsTarget,
  projectConfigTarget,
];
