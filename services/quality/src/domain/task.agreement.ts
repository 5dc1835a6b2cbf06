import { buildAnswers, pairwiseAgreement } from '@verity/label-science';

/**
 * Pairwise agreement of one task, (1 / (N(N−1))) Σ_{i≠j} [y_i = y_j], over answer keys (see
 * answerKey), computed by the label-science library. Undefined (null) with fewer than two
 * answers. Empty answers (null key) get a unique key each: they agree with nothing.
 */
export function taskAgreement(keys: readonly (string | null)[]): number | null {
  if (keys.length < 2) return null;
  const rows = keys.map((k, i) => ({ item: 't', worker: `a${i}`, label: k ?? `\u0000empty:${i}` }));
  const r = pairwiseAgreement(buildAnswers(rows));
  return r.mean.defined ? r.mean.value : null;
}

/** For each answer, how many of the other answers equal it (for an annotator's agreement rate). */
export function agreeingOthers(keys: readonly (string | null)[]): number[] {
  return keys.map((k, i) => (k === null ? 0 : keys.filter((o, j) => j !== i && o === k).length));
}
