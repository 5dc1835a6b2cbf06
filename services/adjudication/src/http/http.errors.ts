import { BadRequestException, ConflictException, ForbiddenException } from '@nestjs/common';
import type { FieldError } from '@verity/service-runtime';

/** 400 in the shape validate() answers with: every faulty field named. */
export function badRequest(errors: FieldError[], what = 'request body'): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `invalid ${what}: ${errors.map((e) => `${e.field}: ${e.reason}`).join('; ')}`,
    errors,
  });
}

/** A refused domain rule as its HTTP answer. */
export function refused(r: { status: 403 | 409; reason: string }): Error {
  return r.status === 403 ? new ForbiddenException(r.reason) : new ConflictException(r.reason);
}
