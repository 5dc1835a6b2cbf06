import { ConflictException, ForbiddenException } from '@nestjs/common';

/** A refused domain rule as its HTTP answer. */
export function refused(r: { status: 403 | 409; reason: string }): Error {
  return r.status === 403 ? new ForbiddenException(r.reason) : new ConflictException(r.reason);
}
