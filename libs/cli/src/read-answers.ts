import * as path from 'node:path';
import { type Answers, AnswersBuilder } from '@verity/label-science';
import { CliError, type Io } from './io';
import { readTable } from './read-table';

export interface ReadOptions {
  readonly format?: 'csv' | 'jsonl';
  /** Classes that must exist even if no answer uses them (e.g. from gold). */
  readonly extraClasses?: readonly string[];
}

/** item,worker,label[,time] from CSV or JSONL into Answers, with file:line errors. */
export function readAnswers(io: Io, file: string, options: ReadOptions = {}): Answers {
  const name = path.basename(file);
  const rows = readTable(io, file, ['item', 'worker', 'label'], ['time'], options.format);
  const b = new AnswersBuilder({ extraClasses: options.extraClasses });
  for (const { line, fields } of rows) {
    const { item, worker, label, time } = fields;
    if (!item) throw new CliError(`${name}:${line}: empty "item"`);
    if (!worker) throw new CliError(`${name}:${line}: empty "worker" (an answer with no worker)`);
    if (!label)
      throw new CliError(`${name}:${line}: worker "${worker}" gave no answer (empty "label")`);
    let t: number | undefined;
    if (time) {
      t = /^[+-]?\d+(\.\d+)?$/.test(time) ? Number(time) : Date.parse(time);
      if (!Number.isFinite(t))
        throw new CliError(`${name}:${line}: "time" is not a number or date: ${time}`);
    }
    b.add(item, worker, label, t);
  }
  return b.build();
}

/** item,label gold file into a map. */
export function readGold(io: Io, file: string, format?: 'csv' | 'jsonl'): Map<string, string> {
  const name = path.basename(file);
  const gold = new Map<string, string>();
  for (const { line, fields } of readTable(io, file, ['item', 'label'], [], format)) {
    if (!fields.item) throw new CliError(`${name}:${line}: empty "item"`);
    if (!fields.label) throw new CliError(`${name}:${line}: empty "label"`);
    const prev = gold.get(fields.item);
    if (prev !== undefined && prev !== fields.label) {
      throw new CliError(
        `${name}:${line}: item "${fields.item}" has two gold labels (${prev}, ${fields.label})`,
      );
    }
    gold.set(fields.item, fields.label);
  }
  return gold;
}
