import { parseArgs } from 'node:util';
import { agreementReport, type Defined } from '@verity/label-science';
import { csvRow, formatNumber } from '../csv';
import { CliError, type Io } from '../io';
import { readAnswers } from '../read-answers';
import { parseFormat, write } from './aggregate';

export const AGREEMENT_HELP = `usage: verity agreement [--format csv|jsonl] [--out file] [--min-overlap N] answers.csv

Prints every agreement measure as measure,value,note (value "undefined" with the reason when
a measure does not exist for the data, e.g. a single class).
`;

export function agreementCommand(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      out: { type: 'string' },
      'min-overlap': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(AGREEMENT_HELP);
    return 0;
  }
  if (positionals.length !== 1)
    throw new CliError(`agreement needs one answers file\n\n${AGREEMENT_HELP}`);
  const minOverlap =
    values['min-overlap'] === undefined ? undefined : Number(values['min-overlap']);
  if (minOverlap !== undefined && !(Number.isInteger(minOverlap) && minOverlap > 0)) {
    throw new CliError(`--min-overlap must be a positive integer, not "${values['min-overlap']}"`);
  }
  const a = readAnswers(io, positionals[0], { format: parseFormat(values.format) });
  const r = agreementReport(a, { minOverlap });

  let out = csvRow(['measure', 'value', 'note']);
  const row = <T>(
    name: string,
    d: Defined<T>,
    pick: (v: T) => number,
    note: (v: T) => string = () => '',
  ) => {
    out += d.defined
      ? csvRow([name, formatNumber(pick(d.value)), note(d.value)])
      : csvRow([name, 'undefined', d.reason]);
  };
  row(
    'pairwise_agreement',
    r.pairwiseAgreement,
    (v) => v,
    () => 'mean over items with 2+ answers',
  );
  row(
    'percent_agreement',
    r.percentAgreement,
    (v) => v,
    () => 'agreeing pairs / all pairs',
  );
  if (r.cohenKappa)
    row(
      'cohen_kappa',
      r.cohenKappa,
      (v) => v.kappa,
      (v) => `${v.items} shared items`,
    );
  if (r.lightKappa)
    row(
      'light_kappa',
      r.lightKappa,
      (v) => v.kappa,
      (v) => `mean Cohen's kappa over ${v.pairs} worker pairs`,
    );
  row(
    'fleiss_kappa',
    r.fleissKappa,
    (v) => v.kappa,
    (v) => `${v.items} items`,
  );
  row(
    'krippendorff_alpha_nominal',
    r.alphaNominal,
    (v) => v.alpha,
    (v) => `${v.pairable} pairable values`,
  );
  row('krippendorff_alpha_ordinal', r.alphaOrdinal, (v) => v.alpha);
  row('krippendorff_alpha_interval', r.alphaInterval, (v) => v.alpha);
  write(io, values.out, out);
  return 0;
}
