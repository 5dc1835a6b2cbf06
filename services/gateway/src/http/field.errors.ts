import { BadRequestException } from '@nestjs/common';
import type { FieldError } from '@verity/service-runtime';

/** A 400 in the same shape validate() answers: every fault named by its field. */
export function badRequest(errors: FieldError[], what = 'request body'): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `invalid ${what}: ${errors.map((e) => `${e.field}: ${e.reason}`).join('; ')}`,
    errors,
  });
}
