import path from 'node:path';
import { spawnSync } from 'node:child_process';

// The layering is enforced by lint: these cases fail if the boundary rules are loosened.
// ESLint runs as a real process (its config is an ES module, which jest's VM cannot import).
const root = path.resolve(__dirname, '..');

function boundaryErrors(filePath: string, code: string): string[] {
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '--stdin', '--stdin-filename', filePath],
    { cwd: root, input: code, encoding: 'utf8' },
  );
  const json = r.stdout.slice(r.stdout.indexOf('[{'));
  if (!json) throw new Error(`eslint did not run: ${r.stderr}`);
  if (r.stdout.includes('No cached ProjectGraph')) throw new Error('the boundary rule was skipped: no project graph');
  const [result] = JSON.parse(json) as { messages: { ruleId: string; message: string }[] }[];
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  jest.setTimeout(120000);

  beforeAll(() => {
    // The rule reads Nx's project graph; compute it (no daemon) so it is current.
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules/nx/dist/bin/nx.js'), 'show', 'projects'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    if (r.status !== 0) throw new Error(`nx show projects failed: ${r.stderr}`);
  });

  it('refuses a lib importing a service', () => {
    const errors = boundaryErrors(
      'libs/label-science/src/bad-import.ts',
      "import '@verity/gateway';\n",
    );
    expect(errors.join('\n')).toMatch(/apps are forbidden|Circular dependency/);
  });

  it('refuses contracts importing any other lib', () => {
    const errors = boundaryErrors(
      'libs/contracts/src/bad-import.ts',
      "import { loadConfig } from '@verity/config';\nexport const x = loadConfig;\n",
    );
    expect(errors.join('\n')).toMatch(/scope:contracts/);
  });

  it('lets a service import a lib', () => {
    const errors = boundaryErrors(
      'services/gateway/src/ok-import.ts',
      "import { loadConfig } from '@verity/config';\nexport const x = loadConfig;\n",
    );
    expect(errors).toEqual([]);
  });
});
