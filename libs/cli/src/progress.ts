import type { Io } from './io';

/** Reports how far a long job got: a bar redrawn in place on a terminal, plain lines in a pipe. */
export interface Progress {
  update(done: number): void;
  end(): void;
}

/**
 * On a terminal: `label [#####-----] 50% 500/1000` redrawn on stderr. In a pipe or a log: one plain
 * line `label: 500/1000 (50%)` at each tenth, so a scheduler's log stays short. Quiet for --json.
 */
export function progress(io: Io, label: string, total: number, quiet = false): Progress {
  const tty = io.isTTY ?? Boolean(process.stdout.isTTY);
  let lastTenth = -1;
  let drawn = false;
  const pct = (done: number) => (total === 0 ? 100 : Math.floor((done / total) * 100));
  return {
    update(done) {
      if (quiet) return;
      if (tty) {
        const width = 30;
        const filled = total === 0 ? width : Math.round((done / total) * width);
        io.stderr(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct(done)}% ${done}/${total}`);
        drawn = true;
        return;
      }
      const tenth = Math.floor(pct(done) / 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        io.stderr(`${label}: ${done}/${total} (${pct(done)}%)\n`);
      }
    },
    end() {
      if (drawn) io.stderr('\n');
    },
  };
}
