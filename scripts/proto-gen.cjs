// `npm run proto:gen`: lints proto/ and regenerates the TypeScript of libs/contracts from it.
// Reproducible: buf and protoc-gen-es come from node_modules (versions pinned by
// package-lock.json), generation runs into a fresh temporary folder and then replaces the
// target folder as a whole, so a deleted .proto leaves no stale file behind.
//   node scripts/proto-gen.cjs              regenerate libs/contracts/src/gen
//   node scripts/proto-gen.cjs --out DIR    generate into DIR instead (DIR is replaced)
//   node scripts/proto-gen.cjs --check      exit 1 if libs/contracts/src/gen is not up to date
//   node scripts/proto-gen.cjs --no-lint    skip `buf lint`
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ensureNode22, root } = require('./node22.cjs');

// Must match `out:` in proto/buf.gen.yaml (relative to the repo root).
const GEN_REL = 'libs/contracts/src/gen';
const PROTO_DIR = 'proto';
const TEMPLATE = 'proto/buf.gen.yaml';

function parseArgs(argv) {
  const opts = { out: path.join(root, GEN_REL), check: false, lint: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') {
      const v = argv[++i];
      if (!v) fail('--out needs a directory');
      opts.out = path.resolve(process.cwd(), v);
    } else if (a.startsWith('--out=')) {
      opts.out = path.resolve(process.cwd(), a.slice('--out='.length));
    } else if (a === '--check') {
      opts.check = true;
    } else if (a === '--no-lint') {
      opts.lint = false;
    } else {
      fail(`unknown argument ${a}`);
    }
  }
  return opts;
}

function fail(msg) {
  console.error(`[proto:gen] ${msg}`);
  process.exit(1);
}

function buf(args) {
  const bin = path.join(root, 'node_modules/.bin/buf');
  if (!fs.existsSync(bin)) fail('node_modules/.bin/buf is missing; run: npm ci');
  // protoc-gen-es starts with `#!/usr/bin/env node`: put this Node (22) first on PATH.
  const PATH = [
    path.dirname(process.execPath),
    path.join(root, 'node_modules/.bin'),
    process.env.PATH,
  ].join(path.delimiter);
  const r = spawnSync(bin, args, { cwd: root, stdio: 'inherit', env: { ...process.env, PATH } });
  if (r.status !== 0) fail(`buf ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

/** Generates into a fresh temporary folder; returns [tmpBase, genDir]. */
function generate() {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-proto-gen-'));
  buf(['generate', PROTO_DIR, '--template', TEMPLATE, '-o', base]);
  const gen = path.join(base, GEN_REL);
  if (!fs.existsSync(gen))
    fail(`buf produced nothing under ${GEN_REL}; does ${TEMPLATE} still say out: ${GEN_REL}?`);
  return [base, gen];
}

function listFiles(dir, rel = '') {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) out.push(...listFiles(dir, r));
    else out.push(r);
  }
  return out.sort();
}

/** Names every file that differs between two trees (missing, extra, or other bytes). */
function diffTrees(expected, actual) {
  const a = listFiles(expected);
  const b = listFiles(actual);
  const diffs = [];
  for (const f of new Set([...a, ...b])) {
    const pa = path.join(expected, f);
    const pb = path.join(actual, f);
    if (!fs.existsSync(pa)) diffs.push(`extra: ${f}`);
    else if (!fs.existsSync(pb)) diffs.push(`missing: ${f}`);
    else if (!fs.readFileSync(pa).equals(fs.readFileSync(pb))) diffs.push(`differs: ${f}`);
  }
  return diffs.sort();
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const forbidden = [
    path.parse(opts.out).root,
    root,
    path.join(root, 'libs'),
    path.join(root, 'libs/contracts'),
  ];
  if (forbidden.includes(opts.out)) fail(`refusing to replace ${opts.out}`);

  if (opts.lint) buf(['lint', PROTO_DIR]);
  const [base, gen] = generate();
  try {
    if (opts.check) {
      const diffs = diffTrees(gen, opts.out);
      if (diffs.length) {
        console.error(
          `[proto:gen] ${path.relative(root, opts.out)} is out of date; run: npm run proto:gen`,
        );
        for (const d of diffs) console.error(`  ${d}`);
        process.exit(1);
      }
      console.log(`[proto:gen] ${path.relative(root, opts.out)} is up to date`);
      return;
    }
    fs.rmSync(opts.out, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(opts.out), { recursive: true });
    fs.cpSync(gen, opts.out, { recursive: true });
    console.log(
      `[proto:gen] wrote ${listFiles(opts.out).length} files to ${path.relative(root, opts.out) || '.'}`,
    );
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

if (require.main === module) {
  ensureNode22();
  main();
}

module.exports = { diffTrees, listFiles, GEN_REL };
