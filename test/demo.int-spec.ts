import path from 'node:path';
import { spawn } from 'node:child_process';

// The README's main command, run as a user runs it (`npm run demo`, here with --once and a
// smaller sample so the suite stays quick): the platform comes up, the whole loop runs through
// its APIs, and the figures and the release location are printed.
const root = path.resolve(__dirname, '..');

describe('npm run demo', () => {
  it('runs the loop end to end and prints accuracy, agreement, adjudication and the release', async () => {
    let out = '';
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [path.join(root, 'scripts/demo.cjs'), '--once'], {
        cwd: root,
        env: { ...process.env, VERITY_DEMO_ITEMS: '30', VERITY_BASE_PORT: '18580', VERITY_STACK: 'external' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('exit', resolve);
    });
    expect({ code, tail: code === 0 ? '' : out.slice(-3000) }).toEqual({ code: 0, tail: '' });
    expect(out).toMatch(/gateway\s+ready: kafka ok/);
    expect(out).toMatch(/ds\s+accuracy against the truth: 0\.898/);
    const labeled = /items labeled:\s+(\d+) of (\d+)/.exec(out);
    expect(labeled).not.toBeNull();
    expect(Number(labeled![1])).toBe(Number(labeled![2]));
    const accuracy = Number(/accuracy against truth:\s+([\d.]+)/.exec(out)?.[1]);
    expect(accuracy).toBeGreaterThanOrEqual(0.8);
    expect(out).toMatch(/sent to adjudication:\s+\d+ items/);
    expect(out).toMatch(/release:\s+s3:\/\/[^ ]+\/releases\//);
  }, 600000);
});
