import fs from 'node:fs';
import path from 'node:path';

// `npm ci` on a fresh clone refuses a lock file that misses a workspace package: catch it here,
// before CI does.
const root = path.resolve(__dirname, '..');

describe('package-lock.json', () => {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { name?: string; version?: string }>;
  };

  const workspaces = ['libs', 'services'].flatMap((dir) =>
    fs
      .readdirSync(path.join(root, dir))
      .filter((d) => fs.existsSync(path.join(root, dir, d, 'package.json')))
      .map((d) => `${dir}/${d}`),
  );

  it.each(workspaces)('records the workspace %s (run `npm install` after adding one)', (ws) => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, ws, 'package.json'), 'utf8')) as { name: string };
    expect(lock.packages[ws]?.name).toBe(pkg.name);
    expect(lock.packages[`node_modules/${pkg.name}`]).toBeDefined();
  });

  it('pins Node 22 as the project runtime', () => {
    expect(lock.packages['node_modules/node']?.version).toMatch(/^22\./);
  });
});
