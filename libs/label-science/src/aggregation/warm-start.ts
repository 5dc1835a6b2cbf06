/** Position of each current name in the previous fit's names, -1 where new. */
export function alignByName(previous: readonly string[], current: readonly string[]): Int32Array {
  const prev = new Map(previous.map((n, i) => [n, i]));
  return Int32Array.from(current, (n) => prev.get(n) ?? -1);
}

/** Class alignment must be total: a warm start cannot invent parameters for a new class. */
export function alignClasses(previous: readonly string[], current: readonly string[]): Int32Array {
  const map = alignByName(previous, current);
  map.forEach((p, c) => {
    if (p < 0) throw new Error(`warm start has no parameters for class "${current[c]}"`);
  });
  return map;
}

/** Copies a previous fit's class priors into `priors` (this data's class order); returns the class map. */
export function carryOverPriors(
  previous: { readonly classNames: readonly string[]; readonly priors: ArrayLike<number> },
  classNames: readonly string[],
  priors: Float64Array,
): Int32Array {
  const cm = alignClasses(previous.classNames, classNames);
  for (let c = 0; c < priors.length; c++) priors[c] = previous.priors[cm[c]];
  return cm;
}

/**
 * Copies each matched entry of a previous fit's per-name values (`map` from {@link alignByName})
 * into `into`; returns 1 where matched, 0 where the name is new (its value is left as it was).
 */
export function carryOverByName(
  map: Int32Array,
  previous: ArrayLike<number>,
  into: Float64Array,
): Uint8Array {
  const known = new Uint8Array(map.length);
  map.forEach((p, x) => {
    if (p < 0) return;
    known[x] = 1;
    into[x] = previous[p];
  });
  return known;
}
