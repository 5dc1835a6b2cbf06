import { BadRequestException } from '@nestjs/common';
import { z } from '@verity/config';

export interface FieldError {
  field: string;
  reason: string;
}

/**
 * The one way HTTP input is validated: parse with a zod schema, or answer 400 with every
 * faulty field named. Body: `{ statusCode: 400, error: 'Bad Request', message, errors: [{field, reason}] }`.
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what = 'request body'): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const errors: FieldError[] = r.error.issues.map((i) => ({
    field: i.path.length ? i.path.map(String).join('.') : '(root)',
    reason: i.message,
  }));
  throw badRequest(errors, what);
}

/** The one 400: `what` is the input refused (request body, query, answer…), every faulty field named. */
export function badRequest(errors: readonly FieldError[], what = 'request body'): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `invalid ${what}: ${errors.map((e) => `${e.field}: ${e.reason}`).join('; ')}`,
    errors,
  });
}
