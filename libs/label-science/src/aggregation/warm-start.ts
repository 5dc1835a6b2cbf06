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
