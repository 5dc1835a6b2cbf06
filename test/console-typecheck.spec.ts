import path from 'node:path';
import { spawnSync } from 'node:child_process';

// Vite builds the web console without checking its types, and the root tsconfig leaves the
// console out, so nothing else in `npm test` would notice a type error there.
const root = path.resolve(__dirname, '..');

describe('the web console', () => {
  jest.setTimeout(120000);

  it('type-checks with its own tsconfig (sources and specs)', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/typecheck-project.cjs'), 'services/console'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^services\/console: \d+ files type-check/);
  });
});
