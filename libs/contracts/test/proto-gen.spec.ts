// The generated TypeScript is committed: it must be exactly what proto/ generates today,
// and proto/ must pass buf lint.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const committed = path.join(root, 'libs/contracts/src/gen');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { diffTrees, listFiles } = require(path.join(root, 'scripts/proto-gen.cjs')) as {
  diffTrees: (a: string, b: string) => string[];
  listFiles: (dir: string) => string[];
};

describe('proto generation', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'contracts-gen-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('libs/contracts/src/gen is up to date with proto/ (byte for byte)', () => {
    const out = path.join(tmp, 'gen');
    execFileSync(process.execPath, [path.join(root, 'scripts/proto-gen.cjs'), '--out', out], {
      cwd: root,
      stdio: 'pipe',
    });
    const files = listFiles(out);
    expect(files.length).toBeGreaterThan(0);
    expect(files).toContain(path.join('verity', 'labels', 'v1', 'labels_pb.ts'));
    // On failure: run `npm run proto:gen` and commit libs/contracts/src/gen.
    expect(diffTrees(out, committed)).toEqual([]);
  }, 120_000);

  it('every .proto file has its generated module', () => {
    const protos = listFiles(path.join(root, 'proto')).filter((f) => f.endsWith('.proto'));
    expect(protos.length).toBeGreaterThanOrEqual(20);
    const gen = new Set(listFiles(committed));
    for (const p of protos) expect(gen).toContain(p.replace(/\.proto$/, '_pb.ts'));
  });
});
