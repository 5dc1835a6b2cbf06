import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

// The real command, end to end: bin/verity.cjs → scripts/run-ts.cjs → libs/cli/src/main.ts.
const root = path.resolve(__dirname, '../../..');
const bin = path.join(root, 'libs/cli/bin/verity.cjs');
const toy = path.resolve(root, 'data/crowd/toy_ysda/answers.csv');

describe('verity (spawned)', () => {
  jest.setTimeout(60000);

  it('aggregates with Dawid-Skene and writes workers', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-'));
    const workers = path.join(dir, 'workers.csv');
    const r = spawnSync(
      process.execPath,
      [bin, 'aggregate', '--method', 'ds', '--workers', workers, toy],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[1]),
    ).toEqual(['yes', 'yes', 'no', 'yes', 'no']);
    expect(fs.readFileSync(workers, 'utf8')).toMatch(/^worker,reliability,answers\n/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exits 2 with the file and reason on a bad file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-'));
    const bad = path.join(dir, 'answers.csv');
    fs.writeFileSync(bad, 'item,label\na,x\n');
    const r = spawnSync(
      process.execPath,
      [path.join(root, 'scripts/run-ts.cjs'), 'libs/cli/src/main.ts', 'agreement', bad],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('answers.csv: missing column "worker" (found: item,label)');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
