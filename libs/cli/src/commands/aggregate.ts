import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  aggregate,
  DEFAULT_METHOD,
  isMethodName,
  labelModel,
  METHODS,
  workerAnswerCounts,
} from '@verity/label-science';
import { csvRow, formatNumber } from '../csv';
import { CliError, type Io } from '../io';
import { readAnswers, readGold } from '../read-answers';
import { readTable } from '../read-table';

export const AGGREGATE_HELP = `usage: verity aggregate [--method auto|mv|wmv|ds|onecoin|glad|mace|labelmodel]
                        [--gold gold.csv] [--items items.csv] [--workers workers.csv]
                        [--out labels.csv] [--format csv|jsonl] [--max-iter N] [--tol X]
                        answers.csv

Reads item,worker,label answers (CSV with a header, or JSONL) and writes one row per item:
item,label,confidence,p_<class>... (to stdout unless --out). --gold item,label fixes known
labels; --workers writes worker,reliability,answers.
Default method: ${DEFAULT_METHOD} (Dawid-Skene or MACE, whichever fits better by BIC).
labelmodel: weak-supervision votes, worker = labeling function, an abstain = no row;
--items (an "item" column) lists every item, and one no function voted on gets the class balance.
`;

export function aggregateCommand(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      method: { type: 'string', default: DEFAULT_METHOD },
      items: { type: 'string' },
      gold: { type: 'string' },
      workers: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      'max-iter': { type: 'string' },
      tol: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(AGGREGATE_HELP);
    return 0;
  }
  if (positionals.length !== 1)
    throw new CliError(`aggregate needs one answers file\n\n${AGGREGATE_HELP}`);
  const method = values.method ?? DEFAULT_METHOD;
  if (!isMethodName(method))
    throw new CliError(`unknown method "${method}" (one of: ${METHODS.join(', ')})`);
  const format = parseFormat(values.format);
  const maxIter = positiveNumber(values['max-iter'], '--max-iter');
  const tol = positiveNumber(values.tol, '--tol');

  const file = positionals[0];
  const gold = values.gold ? readGold(io, values.gold) : undefined;
  const answers = readAnswers(io, file, {
    format,
    extraClasses: gold ? [...new Set(gold.values())] : undefined,
  });
  if (answers.nClasses < 2) {
    throw new CliError(
      `${path.basename(file)}: only one class ("${answers.classNames[0]}") in ${answers.nAnswers} answers; aggregation needs at least two`,
    );
  }
  if (values.items && method !== 'labelmodel')
    throw new CliError(`--items is for --method labelmodel (items no function voted on)`);
  const r = values.items
    ? labelModel(answers, { gold, maxIter, tol, items: readItems(io, values.items) })
    : aggregate(answers, method, { gold, maxIter, tol });

  const K = r.classNames.length;
  let out = csvRow(['item', 'label', 'confidence', ...r.classNames.map((c) => `p_${c}`)]);
  for (let i = 0; i < r.itemNames.length; i++) {
    const p: number[] = [];
    for (let c = 0; c < K; c++) p.push(formatNumber(r.posterior[i * K + c]));
    out += csvRow([r.itemNames[i], r.labels[i], formatNumber(r.confidence[i]), ...p]);
  }
  write(io, values.out, out);

  if (values.workers) {
    const counts = workerAnswerCounts(answers);
    let w = csvRow(['worker', 'reliability', 'answers']);
    r.workerNames.forEach(
      (name, k) => (w += csvRow([name, formatNumber(r.reliability[k]), counts[k]])),
    );
    io.writeFile(values.workers, w);
  }
  if (r.logLikelihood !== null) {
    io.stderr(
      `${method}: ${r.iterations} iterations, ${r.converged ? 'converged' : 'NOT converged'}, log-likelihood ${r.logLikelihood.toFixed(3)}\n`,
    );
  }
  return 0;
}

function readItems(io: Io, file: string): string[] {
  const items: string[] = [];
  for (const { line, fields } of readTable(io, file, ['item'])) {
    if (!fields.item) throw new CliError(`${path.basename(file)}:${line}: empty "item"`);
    items.push(fields.item);
  }
  return items;
}

export function write(io: Io, out: string | undefined, text: string): void {
  if (out) io.writeFile(out, text);
  else io.stdout(text);
}

export function parseFormat(v: string | undefined): 'csv' | 'jsonl' | undefined {
  if (v === undefined) return undefined;
  if (v === 'csv' || v === 'jsonl') return v;
  throw new CliError(`--format must be csv or jsonl, not "${v}"`);
}

function positiveNumber(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new CliError(`${flag} must be a positive number, not "${v}"`);
  return n;
}
