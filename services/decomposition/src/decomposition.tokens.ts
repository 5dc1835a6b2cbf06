/** Injection token of the decomposition settings (the validated config). */
export const DECOMPOSITION_SETTINGS = Symbol('DECOMPOSITION_SETTINGS');
