/** Verity's id rule for questions and options (the gateway's ontology schema). */
export const VERITY_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/**
 * The Verity option id of a Label Studio choice value: the value itself when it is already a
 * valid id; otherwise its letters and digits (accents removed) with every other run of
 * characters turned into one "_". Empty when nothing usable is left; the caller checks that and
 * collisions, since only it knows the other options.
 */
export function optionIdOf(value: string): string {
  if (VERITY_ID.test(value)) return value;
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9_.:-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 100);
}
