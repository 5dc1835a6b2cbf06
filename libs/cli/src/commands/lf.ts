import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeLfs, type LfReport, type LfVoteRecord, voteRecord } from '@verity/label-science';
import { CliError, type Io } from '../io';
import { readGold } from '../read-answers';
import { readTable } from '../read-table';

export const LF_HELP = `usage: verity lf analyze --votes votes.csv [--gold gold.csv] [--items items.csv]
                        [--bucket 1d|12h|1w] [--json]

Labeling-function analysis (Snorkel's LF summary). votes: item,lf,label (CSV with a header or
JSONL; "worker" is accepted for "lf", the shape verity aggregate reads; lf may be id@version;
an optional "time" column, a number or date). Per LF version: coverage, overlap, conflict
(shares of items), polarity (labels it emits) and, with --gold item,label, empirical accuracy
with a Wilson 95 % interval and the number of gold items it is based on; then the LF set's
totals. --items (an "item" column) lists every item, so coverage counts the ones no LF voted on
(without it, the denominator is the items that got a vote). --bucket repeats the analysis per
time bucket of the items' earliest vote. --json prints one JSON document.
`;

export function lfCommand(args: string[], io: Io): number {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout(LF_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'analyze') throw new CliError(`unknown lf command "${sub}"\n\n${LF_HELP}`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      votes: { type: 'string' },
      gold: { type: 'string' },
      items: { type: 'string' },
      bucket: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(LF_HELP);
    return 0;
  }
  if (positionals.length > 0)
    throw new CliError(
      `unexpected argument "${positionals[0]}" (the votes file goes after --votes)`,
    );
  if (!values.votes) throw new CliError(`lf analyze needs --votes votes.csv\n\n${LF_HELP}`);
  const bucketMs = values.bucket === undefined ? undefined : parseBucket(values.bucket);
  const votes = readVotes(io, values.votes);
  const gold = values.gold ? readGold(io, values.gold) : undefined;
  const items = values.items ? readItems(io, values.items) : undefined;
  let analysis;
  try {
    analysis = analyzeLfs(votes, { gold, items, bucketMs });
  } catch (e) {
    if (e instanceof RangeError) throw new CliError(`${path.basename(values.votes)}: ${e.message}`);
    throw e;
  }

  if (values.json) {
    const overTime = analysis.overTime?.map((b) => ({
      ...b,
      start_iso: new Date(b.start).toISOString(),
    }));
    io.stdout(`${JSON.stringify(overTime ? { ...analysis, overTime } : analysis, null, 2)}\n`);
    return 0;
  }
  let out = formatReport(analysis, !!gold);
  for (const b of analysis.overTime ?? []) {
    out += `\n${new Date(b.start).toISOString()} (${b.totals.items} items)\n${formatReport(b, !!gold)}`;
  }
  io.stdout(out);
  return 0;
}

function readVotes(io: Io, file: string): LfVoteRecord[] {
  const name = path.basename(file);
  const rows = readTable(io, file, ['item', 'label'], ['lf', 'worker', 'time']);
  return rows.map(({ line, fields }) => {
    const lf = fields.lf ?? fields.worker;
    if (lf === undefined)
      throw new CliError(
        `${name}:${line}: missing column "lf" (the labeling function, id@version)`,
      );
    if (!fields.item) throw new CliError(`${name}:${line}: empty "item"`);
    if (!lf) throw new CliError(`${name}:${line}: empty "lf"`);
    if (!fields.label)
      throw new CliError(`${name}:${line}: ${lf} has an empty "label" (an abstain is no row)`);
    let time: number | undefined;
    if (fields.time) {
      time = /^[+-]?\d+(\.\d+)?$/.test(fields.time) ? Number(fields.time) : Date.parse(fields.time);
      if (!Number.isFinite(time))
        throw new CliError(`${name}:${line}: "time" is not a number or date: ${fields.time}`);
    }
    return voteRecord(fields.item, lf, fields.label, time);
  });
}

function readItems(io: Io, file: string): string[] {
  return readTable(io, file, ['item']).map(({ line, fields }) => {
    if (!fields.item) throw new CliError(`${path.basename(file)}:${line}: empty "item"`);
    return fields.item;
  });
}

const UNITS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

function parseBucket(v: string): number {
  const m = /^(\d+(?:\.\d+)?)([hdw])$/.exec(v);
  const ms = m ? Number(m[1]) * UNITS[m[2]] : NaN;
  if (!(ms > 0))
    throw new CliError(`--bucket must be a duration such as 12h, 1d or 1w, not "${v}"`);
  return ms;
}

const pct = (x: number) => x.toFixed(3);

/** A plain-text table, one row per LF version, then the totals. */
export function formatReport(r: LfReport, withGold: boolean): string {
  const header = ['lf', 'polarity', 'votes', 'coverage', 'overlap', 'conflict'];
  if (withGold) header.push('accuracy', '95% interval', 'gold n');
  const rows = r.lfs.map((s) => {
    const row = [
      s.lf,
      s.polarity.join('|'),
      String(s.votes),
      pct(s.coverage),
      pct(s.overlap),
      pct(s.conflict),
    ];
    if (withGold) {
      if (s.accuracy.defined) {
        const a = s.accuracy.value;
        row.push(pct(a.estimate), `[${pct(a.low)}, ${pct(a.high)}]`, String(a.trials));
      } else row.push('-', '-', '0');
    }
    return row;
  });
  const t = r.totals;
  rows.push([
    '(all)',
    '',
    String(t.votes),
    pct(t.coverage),
    pct(t.overlap),
    pct(t.conflict),
    ...(withGold ? ['', '', String(t.goldItems)] : []),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd() + '\n';
  return line(header) + rows.map(line).join('') + `${t.items} items, ${t.lfs} labeling functions\n`;
}
