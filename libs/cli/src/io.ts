import * as fs from 'node:fs';

/** Where a command reads and writes; tests pass an in-memory one. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readFile: (path: string) => string;
  readonly writeFile: (path: string, text: string) => void;
  /** Environment read by commands that talk to the platform (default: process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** HTTP client of commands that talk to the gateway (default: the global fetch). */
  readonly fetch?: typeof fetch;
  /** Whether stdout is a terminal: progress bars there, plain lines in a pipe (default: process.stdout.isTTY). */
  readonly isTTY?: boolean;
}

export const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readFile: (p) => fs.readFileSync(p, 'utf8'),
  writeFile: (p, t) => fs.writeFileSync(p, t),
};

/** A user error (bad arguments or bad input file): printed without a stack, exit code 2. */
export class CliError extends Error {}
