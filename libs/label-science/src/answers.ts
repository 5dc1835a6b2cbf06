/**
 * The core encoding: every answer is one position in three parallel Int32Arrays.
 * Items, workers and classes are interned to dense integer ids; names are kept for output.
 */
export interface Answers {
  readonly itemNames: readonly string[];
  readonly workerNames: readonly string[];
  /** Class names in class-id order (see {@link compareClassNames}). */
  readonly classNames: readonly string[];
  readonly itemIdx: Int32Array;
  readonly workerIdx: Int32Array;
  readonly labelIdx: Int32Array;
  /** Optional timestamp per answer (any monotone unit, e.g. epoch ms); used by drift. */
  readonly time?: Float64Array;
  readonly nItems: number;
  readonly nWorkers: number;
  readonly nClasses: number;
  readonly nAnswers: number;
}

export interface AnswerRow {
  readonly item: string;
  readonly worker: string;
  readonly label: string;
  readonly time?: number;
}

export interface BuildOptions {
  /** Fixes the class set and order; labels outside it are an error. */
  readonly classes?: readonly string[];
  /** Classes to add even if no answer uses them (e.g. labels that only occur in gold). */
  readonly extraClasses?: readonly string[];
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Default class order: numeric order when every name is a number, otherwise code-unit order.
 * Deterministic, locale-independent, and the order crowd-kit's pandas index uses.
 */
export function compareClassNames(names: readonly string[]): (a: string, b: string) => number {
  const numeric = names.length > 0 && names.every((n) => NUMERIC.test(n));
  if (numeric) return (a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0);
  return (a, b) => (a < b ? -1 : a > b ? 1 : 0);
}

export function sortClassNames(names: Iterable<string>): string[] {
  const list = [...new Set(names)];
  return list.sort(compareClassNames(list));
}

/** Incremental builder: no per-answer objects, arrays grow geometrically. */
export class AnswersBuilder {
  private readonly items = new Map<string, number>();
  private readonly workers = new Map<string, number>();
  private readonly labels = new Map<string, number>();
  private readonly itemNames: string[] = [];
  private readonly workerNames: string[] = [];
  private readonly labelNames: string[] = [];
  private item = new Int32Array(1024);
  private worker = new Int32Array(1024);
  private label = new Int32Array(1024);
  private times: Float64Array | null = null;
  private n = 0;

  constructor(private readonly options: BuildOptions = {}) {
    if (options.classes) {
      for (const c of options.classes) this.intern(this.labels, this.labelNames, c);
    }
    for (const c of options.extraClasses ?? []) {
      if (options.classes && !this.labels.has(c))
        throw new Error(`class "${c}" is not among the fixed classes`);
      this.intern(this.labels, this.labelNames, c);
    }
  }

  get size(): number {
    return this.n;
  }

  add(item: string, worker: string, label: string, time?: number): this {
    if (this.options.classes && !this.labels.has(label)) {
      throw new Error(
        `label "${label}" is not one of the classes ${this.options.classes.join(',')}`,
      );
    }
    if (this.n === this.item.length) this.grow();
    this.item[this.n] = this.intern(this.items, this.itemNames, item);
    this.worker[this.n] = this.intern(this.workers, this.workerNames, worker);
    this.label[this.n] = this.intern(this.labels, this.labelNames, label);
    if (time !== undefined) {
      if (!this.times) this.times = new Float64Array(this.item.length).fill(Number.NaN);
      this.times[this.n] = time;
    }
    this.n++;
    return this;
  }

  build(): Answers {
    const n = this.n;
    // Re-number classes into their canonical order so class ids never depend on row order.
    const order = this.options.classes
      ? [...this.options.classes]
      : sortClassNames(this.labelNames);
    const remap = new Int32Array(this.labelNames.length);
    const rank = new Map(order.map((c, i) => [c, i]));
    this.labelNames.forEach((c, i) => (remap[i] = rank.get(c) as number));
    const labelIdx = new Int32Array(n);
    for (let a = 0; a < n; a++) labelIdx[a] = remap[this.label[a]];
    return {
      itemNames: this.itemNames.slice(),
      workerNames: this.workerNames.slice(),
      classNames: order,
      itemIdx: this.item.slice(0, n),
      workerIdx: this.worker.slice(0, n),
      labelIdx,
      time: this.times ? this.times.slice(0, n) : undefined,
      nItems: this.itemNames.length,
      nWorkers: this.workerNames.length,
      nClasses: order.length,
      nAnswers: n,
    };
  }

  private intern(map: Map<string, number>, names: string[], key: string): number {
    let id = map.get(key);
    if (id === undefined) {
      id = names.length;
      map.set(key, id);
      names.push(key);
    }
    return id;
  }

  private grow(): void {
    const size = this.item.length * 2;
    const g = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.item = g(this.item, (s) => new Int32Array(s));
    this.worker = g(this.worker, (s) => new Int32Array(s));
    this.label = g(this.label, (s) => new Int32Array(s));
    if (this.times) {
      const t = new Float64Array(size).fill(Number.NaN);
      t.set(this.times);
      this.times = t;
    }
  }
}

export function buildAnswers(rows: Iterable<AnswerRow>, options?: BuildOptions): Answers {
  const b = new AnswersBuilder(options);
  for (const r of rows) b.add(r.item, r.worker, r.label, r.time);
  return b.build();
}

/** Wraps pre-interned arrays (e.g. synthetic data) without copying; names default to ids. */
export function answersFromArrays(input: {
  itemIdx: Int32Array;
  workerIdx: Int32Array;
  labelIdx: Int32Array;
  nItems: number;
  nWorkers: number;
  nClasses: number;
  itemNames?: readonly string[];
  workerNames?: readonly string[];
  classNames?: readonly string[];
  time?: Float64Array;
}): Answers {
  const n = input.itemIdx.length;
  if (input.workerIdx.length !== n || input.labelIdx.length !== n)
    throw new Error('index arrays differ in length');
  const names = (k: number, given: readonly string[] | undefined, p: string) =>
    given ?? Array.from({ length: k }, (_, i) => `${p}${i}`);
  return {
    itemIdx: input.itemIdx,
    workerIdx: input.workerIdx,
    labelIdx: input.labelIdx,
    nItems: input.nItems,
    nWorkers: input.nWorkers,
    nClasses: input.nClasses,
    nAnswers: n,
    itemNames: names(input.nItems, input.itemNames, 'i'),
    workerNames: names(input.nWorkers, input.workerNames, 'w'),
    classNames: names(input.nClasses, input.classNames, ''),
    time: input.time,
  };
}

/** Flat items×classes vote counts. */
export function voteCounts(a: Answers): Float64Array {
  const K = a.nClasses;
  const counts = new Float64Array(a.nItems * K);
  for (let i = 0; i < a.nAnswers; i++) counts[a.itemIdx[i] * K + a.labelIdx[i]]++;
  return counts;
}

/** Answers per worker. */
export function workerAnswerCounts(a: Answers): Int32Array {
  const c = new Int32Array(a.nWorkers);
  for (let i = 0; i < a.nAnswers; i++) c[a.workerIdx[i]]++;
  return c;
}

/** Keeps the answers whose position passes `keep` (names and ids unchanged). */
export function filterAnswers(a: Answers, keep: (answer: number) => boolean): Answers {
  let n = 0;
  const idx = new Int32Array(a.nAnswers);
  for (let i = 0; i < a.nAnswers; i++) if (keep(i)) idx[n++] = i;
  const pick = (src: Int32Array) => {
    const out = new Int32Array(n);
    for (let k = 0; k < n; k++) out[k] = src[idx[k]];
    return out;
  };
  let time: Float64Array | undefined;
  if (a.time) {
    time = new Float64Array(n);
    for (let k = 0; k < n; k++) time[k] = a.time[idx[k]];
  }
  return {
    ...a,
    itemIdx: pick(a.itemIdx),
    workerIdx: pick(a.workerIdx),
    labelIdx: pick(a.labelIdx),
    time,
    nAnswers: n,
  };
}
