import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeLfs, type LfVoteRecord, voteRecord } from '@verity/label-science';
import { EXIT_CODES_HELP } from '../exit-codes';
import { GATEWAY_OPTIONS_HELP } from '../gateway-command';
import { CliError, type Io } from '../io';
import { readGold } from '../read-answers';
import { readTable } from '../read-table';
import { formatReport } from '../lf-report';
import { lfProjectCommand } from './lf-project';

export const LF_HELP = `usage: verity lf list PROJECT
       verity lf apply PROJECT -f lfs.yaml
       verity lf retire PROJECT LF_ID
       verity lf analyze PROJECT [--question Q]
       verity lf analyze --votes votes.csv [--gold gold.csv] [--items items.csv] [--bucket 1d|12h|1w]

A project's labeling functions (LFs), through the gateway (project managers; prelabel stores,
runs and analyses them):
  list      the latest version of each LF: version, kind, question, the option it votes, state
  apply     saves every LF of the file (YAML or JSON: a list of the API's definitions, or
            labelingFunctions: [ … ]; each id, question_id, kind and the kind's fields, e.g.
            keywords + votes, pattern/flags + votes, unit/min/max + votes). An LF the project lacks
            is created (version 1); one whose definition changed gets its next version (a retired
            one is active again); an unchanged one is left alone, so applying twice changes
            nothing. LFs the file does not name are left as they are. The API checks each one:
            its field errors are printed naming the LF and its line, the others are still saved,
            and the exit code is the first refusal's (5 invalid)
  retire    the LF stops voting (every version); its versions and votes stay
  analyze   the API's analysis per question (or --question Q): per LF version coverage, overlap,
            conflict, polarity and accuracy against the decided labels (Wilson 95 % interval),
            versions that are retired or superseded marked; then the active set's totals
  -f, --file F   apply: the LFs' YAML or JSON file
  --question Q   analyze: one question (default: every question with LFs or votes)
${GATEWAY_OPTIONS_HELP}

Files (offline; Snorkel's LF summary): lf analyze --votes reads item,lf,label (CSV with a header
or JSONL; "worker" is accepted for "lf", the shape verity aggregate reads; lf may be id@version;
an optional "time" column, a number or date). Per LF version: coverage, overlap, conflict
(shares of items), polarity (labels it emits) and, with --gold item,label, empirical accuracy
with a Wilson 95 % interval and the number of gold items it is based on; then the LF set's
totals. --items (an "item" column) lists every item, so coverage counts the ones no LF voted on
(without it, the denominator is the items that got a vote). --bucket repeats the analysis per
time bucket of the items' earliest vote. --json prints one JSON document.

${EXIT_CODES_HELP}
(lf analyze --votes: 0 ok, 2 bad usage or input file, 1 unexpected.)
`;

/** `verity lf …`: a project's LFs through the gateway (a promise), or the analysis of vote files. */
export function lfCommand(args: string[], io: Io): number | Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout(LF_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'list' || sub === 'apply' || sub === 'retire')
    return lfProjectCommand(sub, rest, io, LF_HELP);
  if (sub !== 'analyze') throw new CliError(`unknown lf command "${sub}"\n\n${LF_HELP}`);
  // --votes: the files; otherwise the project's analysis from the API.
  if (!rest.some((a) => a === '--votes' || a.startsWith('--votes=')))
    return lfProjectCommand('analyze', rest, io, LF_HELP);
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
  if (!values.votes) throw new CliError(`lf analyze needs --votes votes.csv`);
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
