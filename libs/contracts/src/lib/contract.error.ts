/**
 * An event does not honour its topic's contract: bytes that are not the topic's message,
 * a missing envelope or event id, the wrong event type, an empty key. Always names the
 * topic and the reason, so a consumer can put the message on the DLQ with a useful header.
 */
export class ContractError extends Error {
  override readonly name = 'ContractError';

  constructor(
    readonly topic: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${topic}: ${reason}`, options);
  }
}
