import { BadRequestException } from '@nestjs/common';
import { z } from '@verity/config';
import { validate } from '@verity/service-runtime';

describe('validate', () => {
  const schema = z.object({ name: z.string().min(1), policy: z.object({ rate: z.number().min(0).max(1) }) });

  it('returns the parsed value', () => {
    expect(validate(schema, { name: 'p', policy: { rate: 0.1 } })).toEqual({ name: 'p', policy: { rate: 0.1 } });
  });

  it('answers 400 naming every faulty field', () => {
    try {
      validate(schema, { name: '', policy: { rate: 2 } });
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(BadRequestException);
      const body = (e as BadRequestException).getResponse() as { errors: { field: string }[]; message: string };
      expect(body.errors.map((x) => x.field).sort()).toEqual(['name', 'policy.rate']);
      expect(body.message).toMatch(/^invalid request body: /);
    }
  });
});
