/** Why credentials were refused. The message is safe to return to the caller. */
export class AuthError extends Error {
  constructor(
    readonly reason: 'missing' | 'malformed' | 'bad_signature' | 'expired' | 'not_yet_valid' | 'wrong_audience' | 'unknown_key',
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}
