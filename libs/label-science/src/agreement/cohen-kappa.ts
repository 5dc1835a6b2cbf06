import type { Answers } from '../answers';
import { type Defined, defined, undefinedBecause } from '../defined';

export interface KappaValue {
  readonly kappa: number;
  readonly observed: number;
  readonly expected: number;
  readonly items: number;
}

/** Cohen's kappa from a square table: table[r][c] = items rater A put in r and rater B in c. */
export function cohenKappaFromTable(table: readonly (readonly number[])[]): Defined<KappaValue> {
  const K = table.length;
  if (table.some((row) => row.length !== K)) return undefinedBecause('the table is not square');
  let n = 0;
  let diag = 0;
  const rows = new Float64Array(K);
  const cols = new Float64Array(K);
  for (let r = 0; r < K; r++) {
    for (let c = 0; c < K; c++) {
      const x = table[r][c];
      n += x;
      rows[r] += x;
      cols[c] += x;
      if (r === c) diag += x;
    }
  }
  if (n === 0) return undefinedBecause('the two raters share no item');
  let pe = 0;
  for (let c = 0; c < K; c++) pe += (rows[c] / n) * (cols[c] / n);
  const po = diag / n;
  if (pe >= 1) return undefinedBecause('only one class present: chance agreement is 1');
  return defined({ kappa: (po - pe) / (1 - pe), observed: po, expected: pe, items: n });
}

/** Each worker's first answer per item, grouped by item (CSR: item i owns [start[i], start[i+1])). */
function firstAnswers(a: Answers): { start: Int32Array; worker: Int32Array; label: Int32Array } {
  const offs = new Int32Array(a.nItems + 1);
  for (let n = 0; n < a.nAnswers; n++) offs[a.itemIdx[n] + 1]++;
  for (let i = 0; i < a.nItems; i++) offs[i + 1] += offs[i];
  const fill = offs.slice(0, a.nItems);
  const w0 = new Int32Array(a.nAnswers);
  const l0 = new Int32Array(a.nAnswers);
  for (let n = 0; n < a.nAnswers; n++) {
    const p = fill[a.itemIdx[n]]++;
    w0[p] = a.workerIdx[n];
    l0[p] = a.labelIdx[n];
  }
  // Compact away repeated answers by the same worker on the same item, keeping the first.
  const seen = new Int32Array(a.nWorkers).fill(-1);
  const start = new Int32Array(a.nItems + 1);
  const worker = new Int32Array(a.nAnswers);
  const label = new Int32Array(a.nAnswers);
  let out = 0;
  for (let i = 0; i < a.nItems; i++) {
    start[i] = out;
    for (let p = offs[i]; p < offs[i + 1]; p++) {
      if (seen[w0[p]] === i) continue;
      seen[w0[p]] = i;
      worker[out] = w0[p];
      label[out++] = l0[p];
    }
  }
  start[a.nItems] = out;
  return { start, worker, label };
}

/** Cohen's kappa between two named workers over the items both answered (first answer each). */
export function cohenKappa(a: Answers, workerA: string, workerB: string): Defined<KappaValue> {
  const wa = a.workerNames.indexOf(workerA);
  const wb = a.workerNames.indexOf(workerB);
  if (wa < 0) return undefinedBecause(`unknown worker "${workerA}"`);
  if (wb < 0) return undefinedBecause(`unknown worker "${workerB}"`);
  const K = a.nClasses;
  const la = new Int32Array(a.nItems).fill(-1);
  const lb = new Int32Array(a.nItems).fill(-1);
  for (let n = 0; n < a.nAnswers; n++) {
    const i = a.itemIdx[n];
    if (a.workerIdx[n] === wa && la[i] < 0) la[i] = a.labelIdx[n];
    if (a.workerIdx[n] === wb && lb[i] < 0) lb[i] = a.labelIdx[n];
  }
  const table = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  for (let i = 0; i < a.nItems; i++) if (la[i] >= 0 && lb[i] >= 0) table[la[i]][lb[i]]++;
  return cohenKappaFromTable(table);
}

export interface LightKappa {
  readonly kappa: number;
  /** Worker pairs whose kappa entered the mean. */
  readonly pairs: number;
}

/**
 * Light's kappa: the mean of Cohen's kappa over every worker pair sharing at least
 * `minOverlap` items (default 10) and for which kappa is defined.
 */
export function lightKappa(a: Answers, options: { minOverlap?: number } = {}): Defined<LightKappa> {
  const minOverlap = options.minOverlap ?? 10;
  const K = a.nClasses;
  const W = a.nWorkers;
  const { start, worker, label } = firstAnswers(a);
  const tables = new Map<number, Float64Array>();
  for (let i = 0; i < a.nItems; i++) {
    for (let p = start[i]; p < start[i + 1]; p++) {
      for (let q = start[i]; q < p; q++) {
        const swap = worker[p] > worker[q];
        const x = swap ? worker[q] : worker[p];
        const y = swap ? worker[p] : worker[q];
        const key = x * W + y;
        let t = tables.get(key);
        if (!t) tables.set(key, (t = new Float64Array(K * K)));
        t[(swap ? label[q] : label[p]) * K + (swap ? label[p] : label[q])]++;
      }
    }
  }
  let sum = 0;
  let pairs = 0;
  for (const t of tables.values()) {
    let n = 0;
    for (let x = 0; x < t.length; x++) n += t[x];
    if (n < minOverlap) continue;
    const table = Array.from({ length: K }, (_, r) => Array.from(t.subarray(r * K, r * K + K)));
    const k = cohenKappaFromTable(table);
    if (!k.defined) continue;
    sum += k.value.kappa;
    pairs++;
  }
  if (pairs === 0)
    return undefinedBecause(`no worker pair shares ${minOverlap}+ items with a defined kappa`);
  return defined({ kappa: sum / pairs, pairs });
}
