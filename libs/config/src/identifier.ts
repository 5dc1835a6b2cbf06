import { z } from 'zod';

/**
 * An identifier from outside (a source, a source id, a question id): trimmed, 1 to `max`
 * characters, no control character (a NUL would reach Postgres, event keys and S3 paths).
 */
export const identifier = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'must not contain control characters');
