// The README's test command. Starts the stack VERITY_STACK chooses (scripts/stack-choice.cjs:
// deploy/local by default, `external`, or `testcontainers` where a Docker engine answers), runs
// the unit tier in parallel and the integration tier in band, and ends with one line
// `N passed, N failed` summed from jest's JSON reports.
//   node scripts/test.cjs            every test
//   node scripts/test.cjs --unit     unit tier only (no stack)
//   node scripts/test.cjs --integration   integration tier only (with the stack)
//   (Nx runs these per project: `nx run <project>:test` / `:test:integration`, `nx affected -t test`)
//   node scripts/test.cjs -- <jest args>   extra jest arguments (e.g. a path pattern)
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ensureNode22, root } = require('./node22.cjs');
const { loadStackEnv } = require('./stack-env.cjs');
const { chooseStack, dockerEngine } = require('./stack-choice.cjs');

ensureNode22();
loadStackEnv(root);

const argv = process.argv.slice(2);
const unitOnly = argv.includes('--unit');
const integrationOnly = argv.includes('--integration');
const sep = argv.indexOf('--');
const extra = sep >= 0 ? argv.slice(sep + 1) : [];
const reports = path.join(root, 'reports');
fs.mkdirSync(reports, { recursive: true });

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: process.env, ...opts });
  return r.status === null ? 1 : r.status;
}

function failStack(message) {
  console.error(`[test] ${message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

/** Starts (or checks) the integration tier's stack; returns a stop for containers, if any. */
async function prepareStack() {
  let choice;
  try {
    const wantsContainers = (process.env.VERITY_STACK ?? '').trim() === 'testcontainers';
    choice = chooseStack(
      process.env.VERITY_STACK,
      wantsContainers ? await dockerEngine() : undefined,
    );
  } catch (err) {
    failStack(err.message);
  }
  console.log(`[test] stack: ${choice.note}`);
  if (choice.kind === 'testcontainers') {
    try {
      const stack = await require('./testcontainers-stack.cjs').startContainerStack();
      Object.assign(process.env, stack.env, { VERITY_STACK: 'external' });
      return stack.stop;
    } catch (err) {
      failStack(`the containers did not start: ${err.message}`);
    }
  }
  // External endpoints are the caller's (ZIPKIN_URL included, for the trace test).
  if (choice.kind === 'external') return async () => undefined;
  // deploy/local, with a Zipkin the trace test reads from.
  if (
    run('bash', ['deploy/local/start.sh'], { env: { ...process.env, VERITY_ZIPKIN: '1' } }) !== 0
  ) {
    failStack('the local stack did not start; see .local/logs/');
  }
  loadStackEnv(root);
  return async () => undefined;
}

async function main() {
  const stopStack = unitOnly ? async () => undefined : await prepareStack();
  // Only the trace test's services export spans (it hands them the URL); the others make spans
  // and drop them, so the rest of the tier does not feed a Zipkin it never reads.
  if (process.env.ZIPKIN_URL) {
    process.env.VERITY_TEST_ZIPKIN_URL = process.env.ZIPKIN_URL;
    delete process.env.ZIPKIN_URL;
  }
  const exit = runTiers();
  await stopStack();
  process.exit(exit);
}

const jest = path.join(root, 'node_modules/jest/bin/jest.js');
const unitTier = ['unit', ['--maxWorkers=2']];
const integrationTier = ['integration', ['--runInBand']];
const tiers = unitOnly
  ? [unitTier]
  : integrationOnly
    ? [integrationTier]
    : [unitTier, integrationTier];

/** Runs the tiers in order; prints `N passed, N failed`; returns the exit code. */
function runTiers() {
  let passed = 0;
  let failed = 0;
  let exit = 0;
  for (const [tier, flags] of tiers) {
    // A narrowed run (Nx runs one project's tests, several at once) writes a report of its own.
    const scope = extra.length
      ? `-${extra
          .join('_')
          .replace(/[^A-Za-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')}`
      : '';
    const out = path.join(reports, `jest-${tier}${scope}.json`);
    fs.rmSync(out, { force: true });
    const status = run(process.execPath, [
      jest,
      '--selectProjects',
      tier,
      ...flags,
      '--json',
      `--outputFile=${out}`,
      '--passWithNoTests',
      // Clients such as kafkajs can leave a timer behind after a suite closes them; never let that
      // hang the command (the report is already written).
      '--forceExit',
      ...extra,
    ]);
    if (fs.existsSync(out)) {
      const r = JSON.parse(fs.readFileSync(out, 'utf8'));
      passed += r.numPassedTests;
      failed += r.numFailedTests;
      // A suite that fails to load (syntax error, missing module) has no failed tests: count it.
      failed += r.numRuntimeErrorTestSuites || 0;
    } else {
      failed += 1;
    }
    if (status !== 0) exit = 1;
  }
  if (failed > 0) exit = 1;
  console.log(`${passed} passed, ${failed} failed`);
  return exit;
}

void main();
