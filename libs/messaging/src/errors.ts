/**
 * An error that retrying cannot fix (invalid payload, unknown project…): the message goes
 * straight to the DLQ instead of being retried.
 */
export class NonRetryableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NonRetryableError';
  }
}

/** Errors whose class says retrying cannot help, whatever their origin. */
export function isNonRetryable(err: unknown): boolean {
  if (err instanceof NonRetryableError) return true;
  const name = (err as Error | undefined)?.name;
  return name === 'ContractError' || name === 'ValidationError';
}

export function errorClass(err: unknown): string {
  if (err instanceof Error) return err.constructor?.name && err.constructor.name !== 'Error' ? err.constructor.name : err.name;
  return typeof err;
}

export function errorMessage(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.length > 2000 ? `${msg.slice(0, 2000)}…` : msg;
}
