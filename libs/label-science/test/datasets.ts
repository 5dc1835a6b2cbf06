// Loads the public crowd data sets shipped in data/crowd.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Answers, buildAnswers } from '../src';

export const CROWD = path.resolve(__dirname, '../../..', 'data/crowd');

function rows(file: string): string[][] {
  const text = fs.readFileSync(file, 'utf8').trim();
  return text
    .split('\n')
    .slice(1)
    .map((l) => l.replace(/\r$/, '').split(','));
}

export function loadAnswers(name: string): Answers {
  return buildAnswers(
    rows(path.join(CROWD, name, 'answers.csv')).map(([item, worker, label]) => ({
      item,
      worker,
      label,
    })),
  );
}

export function loadTruth(name: string): Map<string, string> {
  return new Map(
    rows(path.join(CROWD, name, 'truth.csv')).map(
      ([item, label]) => [item, label] as [string, string],
    ),
  );
}

/** Share of truth items (that received answers) whose label matches. */
export function accuracy(
  r: { itemNames: readonly string[]; labels: readonly string[] },
  truth: Map<string, string>,
): number {
  let ok = 0;
  let n = 0;
  r.itemNames.forEach((item, i) => {
    const t = truth.get(item);
    if (t === undefined) return;
    n++;
    if (t === r.labels[i]) ok++;
  });
  return ok / n;
}
