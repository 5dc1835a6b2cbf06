import { spawnSync } from 'node:child_process';
import path from 'node:path';

// The web console's API types are generated from the gateway's document and committed. This
// fails when a controller, decorator or schema changed and they were not regenerated, so the
// console cannot be typed against an API that no longer exists. (The generator runs as a real
// process: openapi-typescript and swagger-parser load ES modules, which jest's VM cannot.)

const root = path.resolve(__dirname, '../../../../..');

it('services/console/src/api/{openapi.json,schema.d.ts} are what `npm run openapi:gen` writes now', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/openapi-gen.cjs'), '--check'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  expect(r.stdout).toContain('up to date');
}, 120000);
