// The README's main command: brings up the embedded local stack and every service, runs the
// demo (demo/run-demo.ts) against them, prints what happened, and keeps the platform running
// until Ctrl-C. `--once` (or CI=true) stops everything after the demo.
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ensureNode22, root } = require('./node22.cjs');
const { loadStackEnv } = require('./stack-env.cjs');
const { startServices, waitReady, stopServices } = require('./services.cjs');

ensureNode22();
loadStackEnv(root);
const once = process.argv.includes('--once') || process.env.CI === 'true';

async function main() {
  if (process.env.VERITY_STACK !== 'external') {
    // With a Zipkin: the services export their spans, and the demo prints one item's trace.
    const r = spawnSync('bash', ['deploy/local/start.sh'], { cwd: root, stdio: 'inherit', env: { ...process.env, VERITY_ZIPKIN: '1' } });
    if (r.status !== 0) throw new Error('the local stack did not start; see .local/logs/');
    loadStackEnv(root);
  }
  console.log('\n[demo] starting services…');
  const services = startServices();
  const stop = async () => {
    console.log('\n[demo] stopping services…');
    await stopServices(services);
  };
  process.on('SIGINT', () => void stop().then(() => process.exit(0)));
  process.on('SIGTERM', () => void stop().then(() => process.exit(0)));
  try {
    await waitReady(services, 300000);
    for (const s of services) console.log(`[demo] ${s.name.padEnd(14)} ready at ${s.url}  (log: ${path.relative(root, s.log)})`);
    const env = { ...process.env, VERITY_SERVICE_URLS: JSON.stringify(Object.fromEntries(services.map((s) => [s.name, s.url]))) };
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/run-ts.cjs'), 'demo/run-demo.ts'], { cwd: root, stdio: 'inherit', env });
    if (r.status !== 0) throw new Error(`the demo failed (exit ${r.status})`);
  } catch (err) {
    console.error(`[demo] ${err.message}`);
    await stop();
    process.exit(1);
  }
  if (once) {
    await stop();
    return;
  }
  console.log('\n[demo] the platform is running; Ctrl-C stops the services (npm run stack:stop stops Kafka and S3Proxy).');
}

void main();
