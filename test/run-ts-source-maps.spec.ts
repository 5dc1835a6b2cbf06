// scripts/run-ts.cjs, how every service and script runs: stack traces name our TypeScript files
// and lines, while node_modules' source maps stay unloaded (decision 77: ~15 MiB per process).
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

describe('scripts/run-ts.cjs source maps', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/run-ts.cjs'), 'test/fixtures/throws-in-typescript.ts'], { cwd: root, encoding: 'utf8', timeout: 60_000 });

  it("maps a stack trace to the TypeScript file and line that threw", () => {
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('thrown on line 10');
    expect(r.stderr).toMatch(/throws-in-typescript\.ts:10:\d+/);
  });

  it("leaves node_modules' source maps unloaded", () => {
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!).support).toMatchObject({ enabled: true, nodeModules: false });
  });
});
