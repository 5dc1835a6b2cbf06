import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/** Debian's newest PostgreSQL server binaries (as deploy/local/lib.sh finds them), or PG_BIN. */
export function pgBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin/initdb'))) : [];
  const newest = versions.sort((a, b) => Number(a) - Number(b)).pop();
  if (!newest) throw new Error(`no PostgreSQL server binaries under ${root} (install postgresql, or set PG_BIN)`);
  return path.join(root, newest, 'bin');
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/**
 * A throwaway PostgreSQL cluster of its own (initdb in a temp dir, loopback, trust auth, fsync
 * off), run as user `postgres` when root, the way deploy/local starts its fallback cluster: a
 * fault test can stop and restart it without touching the shared database.
 */
export class PgCluster {
  readonly bin = pgBinDir();
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-pg-'));
  private readonly data = path.join(this.dir, 'data');
  private readonly socket = path.join(this.dir, 'socket');
  private readonly log = path.join(this.dir, 'postgres.log');
  port = 0;

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/test`;
  }

  async start(): Promise<this> {
    this.port = await freePort();
    fs.mkdirSync(this.socket);
    fs.writeFileSync(this.log, '');
    if (process.getuid?.() === 0) {
      for (const p of [this.dir, this.socket, this.log]) this.run('chown', ['postgres', p], false);
    }
    this.pg('initdb', ['-D', this.data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    await this.up();
    const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${this.port}/postgres` });
    await admin.connect();
    await admin.query('CREATE DATABASE test');
    await admin.end();
    return this;
  }

  /** Stops the server: `immediate` is a crash (no checkpoint, clients cut), `fast` a clean stop. */
  down(mode: 'immediate' | 'fast' = 'immediate'): void {
    this.pg('pg_ctl', ['-D', this.data, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  async up(): Promise<void> {
    this.pg('pg_ctl', [
      '-D', this.data, '-l', this.log, '-w', '-t', '120',
      '-o', `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.socket} -c fsync=off -c max_connections=300`,
      'start',
    ]);
  }

  /** Stops the server if it runs and removes its files. */
  destroy(): void {
    if (fs.existsSync(path.join(this.data, 'postmaster.pid'))) {
      try {
        this.down('fast');
      } catch {
        this.down('immediate');
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private pg(tool: string, args: string[]): void {
    const bin = path.join(this.bin, tool);
    if (process.getuid?.() === 0) this.run('runuser', ['-u', process.env.VERITY_PG_USER ?? 'postgres', '--', bin, ...args]);
    else this.run(bin, args);
  }

  private run(cmd: string, args: string[], check = true): void {
    const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    if (check && r.status !== 0) {
      const tail = fs.existsSync(this.log) ? fs.readFileSync(this.log, 'utf8').split('\n').slice(-20).join('\n') : '';
      throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}\n${tail}`);
    }
  }
}
