// When `npm run console:build` rebuilds the console, and when it skips (on a throwaway folder).
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildNeeded, sourceFiles } = require('./console-build.cjs') as {
  buildNeeded(dir: string): string | null;
  sourceFiles(dir: string): string[];
};

let dir: string;
const T0 = new Date('2026-01-01T00:00:00Z');
const later = (s: number) => new Date(T0.getTime() + s * 1000);

function file(rel: string, at: Date) {
  const full = path.join(dir, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, rel);
  utimesSync(full, at, at);
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'console-build-'));
  file('index.html', T0);
  file('vite.config.mts', T0);
  file('src/main.tsx', T0);
  file('src/screens/workbench/editor.ts', T0);
  file('public/favicon.svg', T0);
  file('node_modules/.vite/cache.json', later(100)); // not a source
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('console build: skip or build', () => {
  it('builds when there is no build yet', () => {
    expect(buildNeeded(dir)).toBe('no build yet');
  });

  it('skips when dist/index.html is newer than every source', () => {
    file('dist/index.html', later(10));
    file('dist/assets/old.js', T0); // build output is not a source
    expect(buildNeeded(dir)).toBeNull();
  });

  it.each(['src/screens/workbench/editor.ts', 'index.html', 'vite.config.mts', 'public/favicon.svg'])('builds again when %s changed after the build', (rel) => {
    file('dist/index.html', later(10));
    file(rel, later(20));
    expect(buildNeeded(dir)).toBe(`${rel} changed`);
  });

  it('builds again when a new source file appears after the build', () => {
    file('dist/index.html', later(10));
    file('src/new-screen.tsx', later(11));
    expect(buildNeeded(dir)).toBe('src/new-screen.tsx changed');
  });

  it('counts src/, public/, index.html and vite.config.* as sources, nothing else', () => {
    file('README.md', later(50));
    const rel = sourceFiles(dir).map((f) => path.relative(dir, f)).sort();
    expect(rel).toEqual(['index.html', 'public/favicon.svg', 'src/main.tsx', 'src/screens/workbench/editor.ts', 'vite.config.mts']);
  });
});
