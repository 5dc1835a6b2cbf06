/**
 * A whole input this library cannot convert: a labeling config with a tag that has no exact
 * Verity mapping, a file that is not a task array, a release row it cannot read. `at` names
 * the tag or field at fault, `reason` says why; the message holds both.
 */
export class InterchangeError extends Error {
  constructor(
    readonly at: string,
    readonly reason: string,
  ) {
    super(`${at}: ${reason}`);
    this.name = 'InterchangeError';
  }
}
