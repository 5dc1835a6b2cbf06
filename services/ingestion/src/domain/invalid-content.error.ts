import { NonRetryableError } from '@verity/messaging';

/** A content event that breaks the contract: dead-lettered at once with this message. */
export class InvalidContentError extends NonRetryableError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidContentError';
  }
}
