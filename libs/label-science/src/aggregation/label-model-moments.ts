import type { Answers } from '../answers';

// Module-level aliases: under jest's vm sandbox every global lookup in a hot loop is slow.
const { max, min } = Math;

/** Rates are kept inside [EPS, 1 − EPS] so that every log is finite. */
const EPS = 1e-6;
/** Snorkel's default starting point: an LF is right 70 % of the time it votes. */
const START_PRECISION = 0.7;
const MAX_STEPS = 5000;
/** Stop when a step lowers the loss by less than this share of it. */
const REL_TOL = 1e-12;
const ARMIJO = 1e-4;

/**
 * First and second moments of the LF indicator outputs over the voted items. A column is one
 * (LF j, label l) pair that was voted at least once ("LF j voted l"); `col[c] = j·K + l`.
 * `m[c]` = share of items with that vote, `overlap[c·C + d]` = share of items with both, for
 * columns of different LFs only (an LF's own pairs are 0 and never used).
 */
export interface VoteMoments {
  readonly J: number;
  readonly K: number;
  readonly col: Int32Array;
  readonly m: Float64Array;
  readonly overlap: Float64Array;
}

export function voteMoments(a: Answers, nVoted: number): VoteMoments {
  const J = a.nWorkers;
  const K = a.nClasses;
  const { itemIdx, workerIdx, labelIdx, nAnswers } = a;
  const active = new Int32Array(J * K).fill(-1);
  for (let n = 0; n < nAnswers; n++) active[workerIdx[n] * K + labelIdx[n]] = 0;
  let C = 0;
  for (let x = 0; x < active.length; x++) if (active[x] === 0) active[x] = C++;
  const col = new Int32Array(C);
  for (let x = 0; x < active.length; x++) if (active[x] >= 0) col[active[x]] = x;
  // Votes grouped by item (counting sort), so co-votes are found per item.
  const start = new Int32Array(nVoted + 1);
  for (let n = 0; n < nAnswers; n++) start[itemIdx[n] + 1]++;
  for (let i = 0; i < nVoted; i++) start[i + 1] += start[i];
  const fill = start.slice(0, nVoted);
  const cols = new Int32Array(nAnswers);
  for (let n = 0; n < nAnswers; n++) {
    cols[fill[itemIdx[n]]++] = active[workerIdx[n] * K + labelIdx[n]];
  }
  const m = new Float64Array(C);
  const overlap = new Float64Array(C * C);
  for (let i = 0; i < nVoted; i++) {
    for (let p = start[i]; p < start[i + 1]; p++) {
      const c = cols[p];
      m[c]++;
      for (let q = p + 1; q < start[i + 1]; q++) {
        const d = cols[q];
        if (((col[c] / K) | 0) === ((col[d] / K) | 0)) continue;
        overlap[c * C + d]++;
        overlap[d * C + c]++;
      }
    }
  }
  for (let c = 0; c < C; c++) m[c] /= nVoted;
  for (let x = 0; x < overlap.length; x++) overlap[x] /= nVoted;
  return { J, K, col, m, overlap };
}

/**
 * Snorkel's moment matching for a given class balance π: the rates μ[c·K + y] = P(LF votes
 * l | y) of each voted column c = (j, l) that minimise
 *   Σ_{c, d of different LFs} (overlap[c, d] − Σ_y π_y μ_cy μ_dy)² + Σ_c (m_c − Σ_y π_y μ_cy)²,
 * i.e. conditionally independent LFs reproduce the co-votes of every LF pair and every vote's
 * share. Each vote stays evidence for its own class (μ_cl ≥ μ_cy), which also fixes the class
 * permutation. Projected gradient descent (Barzilai-Borwein steps, Armijo backtracking): every
 * rate moves at once, so the result does not depend on the order of LFs, items or classes.
 * Started from Snorkel's "right 70 % of the time it votes". Returns the rates in the params'
 * layout: votes[(j·K + y)·(K+1) + l] = P(votes l | y), the abstain cell the remainder.
 * Cost per step: O(C²·K) for C voted (LF, label) pairs, independent of the number of votes.
 */
export function matchMoments(mo: VoteMoments, pi: Float64Array): Float64Array {
  const { K, m } = mo;
  const C = m.length;
  const n = C * K;
  let x = new Float64Array(n);
  for (let c = 0; c < C; c++) {
    const l = mo.col[c] % K;
    for (let y = 0; y < K; y++) {
      const share = y === l ? START_PRECISION / pi[l] : (1 - START_PRECISION) / max(1 - pi[l], EPS);
      x[c * K + y] = m[c] * share;
    }
  }
  project(x, mo);
  let g = new Float64Array(n);
  let loss = lossAndGradient(mo, pi, x, g);
  let step = 1;
  let next = new Float64Array(n);
  let gNext = new Float64Array(n);
  for (let s = 0; s < MAX_STEPS && loss > 0; s++) {
    let nextLoss = Infinity;
    let decrease = 0;
    for (let tries = 0; tries < 60; tries++) {
      for (let k = 0; k < n; k++) next[k] = x[k] - step * g[k];
      project(next, mo);
      decrease = 0;
      for (let k = 0; k < n; k++) decrease += g[k] * (x[k] - next[k]);
      nextLoss = lossAndGradient(mo, pi, next, gNext);
      if (nextLoss <= loss - ARMIJO * decrease) break;
      step /= 2;
    }
    if (!(nextLoss < loss)) break;
    // Barzilai-Borwein step for the next move: ⟨Δx, Δx⟩ / ⟨Δx, Δg⟩.
    let dxdx = 0;
    let dxdg = 0;
    for (let k = 0; k < n; k++) {
      const dx = next[k] - x[k];
      dxdx += dx * dx;
      dxdg += dx * (gNext[k] - g[k]);
    }
    const done = loss - nextLoss <= REL_TOL * loss;
    [x, next] = [next, x];
    [g, gNext] = [gNext, g];
    loss = nextLoss;
    if (done) break;
    step = dxdg > 0 ? min(dxdx / dxdg, 1e6) : step * 2;
  }
  return toOutcomeRates(mo, x);
}

function lossAndGradient(mo: VoteMoments, pi: Float64Array, x: Float64Array, g: Float64Array) {
  const { K, m, overlap, col } = mo;
  const C = m.length;
  g.fill(0);
  let loss = 0;
  for (let c = 0; c < C; c++) {
    let r = m[c];
    for (let y = 0; y < K; y++) r -= pi[y] * x[c * K + y];
    loss += r * r;
    for (let y = 0; y < K; y++) g[c * K + y] -= 2 * r * pi[y];
    const j = (col[c] / K) | 0;
    for (let d = c + 1; d < C; d++) {
      if (((col[d] / K) | 0) === j) continue;
      let rcd = overlap[c * C + d];
      for (let y = 0; y < K; y++) rcd -= pi[y] * x[c * K + y] * x[d * K + y];
      // The pair counts twice (c, d and d, c) in the loss.
      loss += 2 * rcd * rcd;
      for (let y = 0; y < K; y++) {
        g[c * K + y] -= 4 * rcd * pi[y] * x[d * K + y];
        g[d * K + y] -= 4 * rcd * pi[y] * x[c * K + y];
      }
    }
  }
  return loss;
}

/**
 * Euclidean projection of each column's rates onto {μ_cl ≥ μ_cy for all y} ∩ [EPS, 1 − EPS]:
 * the classes above l's rate are pooled with it at their mean (largest first), then clipped.
 */
function project(x: Float64Array, mo: VoteMoments): void {
  const { K, col } = mo;
  for (let c = 0; c < col.length; c++) {
    const o = c * K;
    const l = col[c] % K;
    let sum = x[o + l];
    let count = 1;
    const pooled = new Uint8Array(K);
    pooled[l] = 1;
    for (;;) {
      let top = -1;
      for (let y = 0; y < K; y++) {
        if (!pooled[y] && x[o + y] > sum / count && (top < 0 || x[o + y] > x[o + top])) top = y;
      }
      if (top < 0) break;
      pooled[top] = 1;
      sum += x[o + top];
      count++;
    }
    for (let y = 0; y < K; y++) {
      const v = pooled[y] ? sum / count : x[o + y];
      x[o + y] = min(max(v, EPS), 1 - EPS);
    }
  }
}

/** Rates of never-cast votes sit at EPS; an LF's votes leave at least EPS for "abstains". */
function toOutcomeRates(mo: VoteMoments, x: Float64Array): Float64Array {
  const { J, K, col } = mo;
  const K1 = K + 1;
  const votes = new Float64Array(J * K * K1);
  for (let j = 0; j < J; j++) {
    for (let y = 0; y < K; y++) {
      for (let l = 0; l < K; l++) votes[(j * K + y) * K1 + l] = EPS;
    }
  }
  for (let c = 0; c < col.length; c++) {
    const j = (col[c] / K) | 0;
    const l = col[c] % K;
    for (let y = 0; y < K; y++) votes[(j * K + y) * K1 + l] = x[c * K + y];
  }
  for (let j = 0; j < J; j++) {
    for (let y = 0; y < K; y++) {
      const row = (j * K + y) * K1;
      let voted = 0;
      for (let l = 0; l < K; l++) voted += votes[row + l];
      const scale = voted > 1 - EPS ? (1 - EPS) / voted : 1;
      for (let l = 0; l < K; l++) votes[row + l] *= scale;
      votes[row + K] = 1 - voted * scale;
    }
  }
  return votes;
}
