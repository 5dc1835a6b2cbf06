export { mergeCounts, PiiMasker } from './pii-masker';
export type { MaskResult, MaskSpan } from './pii-masker';
export { compileCustomPatterns, regexPattern } from './pii-pattern';
export type { Accept, CustomPatternSpec, PiiKindName, PiiMatch, PiiPattern } from './pii-pattern';
export * from './builtin-patterns';
export { ibanMod97Valid, luhnValid } from './checksums';
export { toMaskedOffset } from './offsets';
