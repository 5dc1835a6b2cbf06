import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

// Every Nx project has the targets a NestJS/Nx engineer expects (test, test:integration, lint,
// typecheck), each running that project's part of the one way we do it, so `nx affected -t test`
// works; `npm test` stays the README's command for everything.
const root = path.resolve(__dirname, '..');
const TARGETS = ['test', 'test:integration', 'lint', 'typecheck'];

function nx(args: string[]): string {
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/nx/dist/bin/nx.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (r.status !== 0) throw new Error(`nx ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

describe('Nx targets', () => {
  jest.setTimeout(120000);

  const folders = ['libs', 'services'].flatMap((d) =>
    fs
      .readdirSync(path.join(root, d))
      .filter((n) => fs.existsSync(path.join(root, d, n, 'project.json')))
      .map((n) => `${d}/${n}`),
  );

  it('every project has test, test:integration, lint and typecheck, scoped to its folder', () => {
    expect(folders.length).toBeGreaterThan(20);
    const all = JSON.parse(nx(['show', 'projects', '--json'])) as string[];
    for (const target of TARGETS) {
      const withTarget = JSON.parse(nx(['show', 'projects', '--with-target', target, '--json'])) as string[];
      expect([...withTarget].sort()).toEqual([...all].sort());
    }
    const messaging = JSON.parse(nx(['show', 'project', 'messaging', '--json'])) as { targets: Record<string, { options?: { command?: string } }> };
    expect(messaging.targets.test.options?.command).toBe('node scripts/test.cjs --unit -- libs/messaging/');
    expect(messaging.targets['test:integration'].options?.command).toBe('node scripts/test.cjs --integration -- libs/messaging/');
    expect(messaging.targets.lint.options?.command).toBe('eslint libs/messaging');
    expect(messaging.targets.typecheck.options?.command).toBe('node scripts/typecheck-project.cjs libs/messaging');
  });

  it("typecheck fails on a type error in the project's files and names it", () => {
    const dir = path.join(root, 'libs/csv/test');
    const bad = path.join(dir, `nx-typecheck-probe-${process.pid}.ts`);
    fs.writeFileSync(bad, "export const n: number = 'not a number';\n");
    try {
      const r = spawnSync(process.execPath, [path.join(root, 'scripts/typecheck-project.cjs'), 'libs/csv'], { cwd: root, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(path.basename(bad));
      expect(r.stderr).toMatch(/TS2322/);
    } finally {
      fs.rmSync(bad, { force: true });
    }
    const ok = spawnSync(process.execPath, [path.join(root, 'scripts/typecheck-project.cjs'), 'libs/csv'], { cwd: root, encoding: 'utf8' });
    expect(ok.status).toBe(0);
  });
});
