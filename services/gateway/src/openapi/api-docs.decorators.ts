import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiSecurity } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from '@verity/config';

export const BEARER = 'bearer';
export const API_KEY = 'api-key';

/** Documents a JSON body with the JSON Schema of the zod schema that validates it (one source). */
export const ApiZodBody = (schema: z.ZodType, description?: string) => {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return ApiBody({ description, schema: json as SchemaObject });
};

/** A route that takes a person's bearer token (or an API key when the roles allow a machine). */
export const ApiAuth = () => applyDecorators(ApiBearerAuth(BEARER), ApiSecurity(API_KEY));
