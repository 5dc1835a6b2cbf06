import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Io, main } from '../src';

/** One request the command sent. */
export interface Call {
  url: string;
  path: string;
  method: string;
  authorization?: string;
  contentType?: string;
  body?: string;
}

export type Answer = { status: number; body: unknown } | { status: number; bytes: Buffer } | Error;

/**
 * The CLI in-process against a scripted gateway: each request is answered by `answer`, the config
 * directory is a fresh temporary one (never the user's), stdout/stderr are captured.
 */
export function harness(answer: (c: Call) => Answer, env: NodeJS.ProcessEnv = {}, isTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  const calls: Call[] = [];
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-cli-'));
  const fakeFetch = (async (url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    const u = new URL(url);
    const c: Call = { url, path: `${u.pathname}${u.search}`, method: init.method ?? 'GET', authorization: headers.authorization, contentType: headers['content-type'], body: init.body as string | undefined };
    calls.push(c);
    const a = answer(c);
    if (a instanceof Error) throw a;
    if ('bytes' in a) return new Response(new Uint8Array(a.bytes), { status: a.status });
    return new Response(JSON.stringify(a.body), { status: a.status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  const io: Io = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readFile: (p) => fs.readFileSync(p, 'utf8'),
    writeFile: (p, t) => fs.writeFileSync(p, t),
    env: { VERITY_CONFIG_DIR: configDir, ...env },
    fetch: fakeFetch,
    isTTY,
  };
  return {
    io,
    out,
    err,
    calls,
    configDir,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    run: (...argv: string[]) => Promise.resolve(main(argv, io)),
    cleanup: () => fs.rmSync(configDir, { recursive: true, force: true }),
  };
}

export const refused = () => Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

/** A temporary file with the given text; returns its path. */
export function tempFile(name: string, text: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-cli-file-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}
