import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configDir } from './credentials';

/** How far a push of one file got, so an interrupted push resumes where it stopped. */
export interface PushState {
  file: string;
  sha256: string;
  url: string;
  source: string;
  total: number;
  /** Records sent and answered, from the start of the file. */
  done: number;
  accepted: number;
  rejected: { at: number; sourceId: string; reason: string }[];
  finishedAt: string | null;
}

export function sha256Of(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `<config dir>/push/<sha256 of the file>.json`: keyed by content, so a renamed file resumes too. */
export function pushStatePath(env: NodeJS.ProcessEnv, fileSha256: string): string {
  return path.join(configDir(env), 'push', `${fileSha256}.json`);
}

export function loadPushState(file: string): PushState | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PushState;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/** Written after every batch, atomically (a crash leaves the previous state, never half a file). */
export function savePushState(file: string, s: PushState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(s, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}
