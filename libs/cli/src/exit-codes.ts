/**
 * The exit codes of the everyday commands (login, project, ontology, push, status, release, labels),
 * one table for shells and schedulers. `dlq` and `erase` keep their own documented codes.
 */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** Failed: an unexpected error, or the gateway failed (5xx). */
  failed: 1,
  /** Bad usage: arguments, or an input file that does not parse (named with its line). */
  usage: 2,
  /** The gateway or the Kafka brokers could not be reached. */
  unreachable: 3,
  /** Not signed in, or not allowed: no token, 401, 403. */
  auth: 4,
  /** The API refused the request as invalid (400, 409, 413, 422): its field errors are printed. */
  invalid: 5,
  /** No such project, release or file (404). */
  notFound: 6,
  /** A downloaded or local file does not match the sha256 of the release manifest. */
  mismatch: 7,
  /** Finished, but some records were refused (`push`: the refused lines are printed). */
  partial: 8,
} as const;

export const EXIT_CODES_HELP = `Exit codes: 0 ok; 1 failed (unexpected, or the gateway failed); 2 bad usage or bad input file;
3 gateway or brokers unreachable; 4 not signed in or not allowed (401, 403); 5 refused as invalid
by the API (its field errors printed); 6 not found (404); 7 sha256 mismatch (the file is named);
8 finished with some records refused.`;

/** A failure with the exit code it means; the command prints its message and exits with the code. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}
