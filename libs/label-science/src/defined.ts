/** A value that may be mathematically undefined; never NaN. */
export type Defined<T> =
  | { readonly defined: true; readonly value: T }
  | { readonly defined: false; readonly reason: string };

export const defined = <T>(value: T): Defined<T> => ({ defined: true, value });
export const undefinedBecause = <T = number>(reason: string): Defined<T> => ({
  defined: false,
  reason,
});

/** Guards a computed number: NaN/Infinity become an explicit undefined result. */
export function checkedNumber(value: number, reason: string): Defined<number> {
  return Number.isFinite(value) ? defined(value) : undefinedBecause(reason);
}
