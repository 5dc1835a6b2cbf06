/**
 * Compile-time links between a response schema and the TypeScript type the code returns: when
 * one changes without the other, `tsc` fails (the document cannot silently drift from the code).
 */
export type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** `typeCheck<Equals<z.output<typeof schema>, Type>>(true)`: does nothing at run time. */
export function typeCheck<T extends true>(ok: T): void {
  void ok;
}
