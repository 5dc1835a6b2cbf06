import path from 'node:path';
import { ChildProcess, spawn } from 'node:child_process';

const root = path.resolve(__dirname, '../../..');

/** Starts a fixture as a real Node process (through the project's TypeScript runner). */
export function startFixture(name: string, args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let out = '';
  const child = spawn(process.execPath, [path.join(root, 'scripts/run-ts.cjs'), path.join(__dirname, 'fixtures', name), ...args], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d.toString()));
  child.stderr!.on('data', (d) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ? null : code)));
  return { child, output: () => out, exited };
}
