// Weak supervision: labeling functions as versioned definitions, their validation (with a
// guard against catastrophic regex backtracking), application to items, and LF analysis.
export * from './labeling-function';
export * from './validate-lf';
export { regexRisk, probeStrings, type RegexGuardOptions } from './regex-guard';
export { staticBacktrackingRisk } from './regex-static-check';
export { testAllWithin } from './bounded-regex';
export { keywordMatcher } from './keyword-matcher';
export * from './apply-lfs';
export * from './lf-analysis';
