import { applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCookieAuth,
  ApiHeader,
  ApiQuery,
  ApiResponse,
  ApiSecurity,
} from '@nestjs/swagger';
import type {
  ContentObject,
  HeadersObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from '@verity/config';
import { errorSchema } from './schemas/common.schemas';
import { toOpenApiSchema } from './zod-openapi.adapter';

/** Security scheme names (components.securitySchemes, set up in openapi.document.ts). */
export const BEARER = 'bearer';
export const API_KEY = 'api-key';
export const SESSION = 'session';

const ERRORS: Record<number, string> = {
  400: 'Invalid request: `errors` names every faulty field',
  401: 'Missing, invalid or expired credentials',
  403: 'Not allowed: a role is missing, a person is needed (not an API key), or a cross-site request was refused',
  404: 'Unknown, or not yours to see',
  409: 'Refused in the current state',
  413: 'Too large',
  422: 'Well-formed but cannot be processed',
};

const SUCCESS: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted' };

/**
 * A JSON request body, described by the zod schema that validates it (one source: docs and
 * validation cannot drift), as `#/components/schemas/<name>` when named. Documents the 400 a
 * validated body can answer.
 */
export const ApiZodBody = (schema: z.ZodType, name?: string) =>
  applyDecorators(
    ApiBody({ required: true, schema: toOpenApiSchema(schema, { io: 'input', name }) }),
    ApiErrors(400),
  );

/** Query parameters, one per key of the zod object that validates them (400 when they do not). */
export const ApiZodQuery = (schema: z.ZodObject) =>
  applyDecorators(
    ...Object.entries(schema.shape).map(([name, field]) =>
      ApiQuery({
        name,
        required: !(field as z.ZodType).safeParse(undefined).success,
        schema: toOpenApiSchema(field as z.ZodType, { io: 'input' }),
      }),
    ),
    ApiErrors(400),
  );

/** A JSON response, described by a zod schema (components for the schemas with `.meta({ id })`). */
export const ApiZodResponse = (status: 200 | 201 | 202, schema: z.ZodType, description?: string) =>
  ApiResponse({
    status,
    description: description ?? SUCCESS[status],
    schema: toOpenApiSchema(schema, { io: 'output' }),
  });

/** A success without a body. */
export const ApiNoContent = (description: string) => ApiResponse({ status: 204, description });

/** Error responses in the platform's shape `{statusCode, error, message, errors?}`. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(...statuses.map((status) => ApiError(status, ERRORS[status] ?? 'Error')));

/** One error response with its own description. */
export const ApiError = (status: number, description: string) =>
  ApiResponse({ status, description, schema: toOpenApiSchema(errorSchema, { io: 'output' }) });

/**
 * A route open to people (bearer token, or the console's session cookie) and to machines (API
 * key) as far as their roles allow; documents 401 and 403.
 */
export const ApiAuth = () =>
  applyDecorators(
    ApiBearerAuth(BEARER),
    ApiCookieAuth(SESSION),
    ApiSecurity(API_KEY),
    ApiErrors(401, 403),
  );

/** A route for people only (bearer token or session cookie; an API key gets 403). */
export const ApiPersonAuth = () =>
  applyDecorators(ApiBearerAuth(BEARER), ApiCookieAuth(SESSION), ApiErrors(401, 403));

/** A route the gateway forwards to another service: what it answers when that service cannot. */
export const ApiForwarded = (service: string) =>
  applyDecorators(
    ApiError(502, `The ${service} service is unreachable, or answered with a redirect`),
    ApiError(503, `The ${service} service is not configured (${service.toUpperCase()}_URL unset)`),
    ApiError(504, `The ${service} service did not answer within UPSTREAM_TIMEOUT_MS`),
  );

const binary = { type: 'string', format: 'binary' } as const;

/** What a media route may answer with: inert types only (anything else is served as octet-stream, as an attachment). */
export const MEDIA_CONTENT: ContentObject = Object.fromEntries(
  ['audio/*', 'video/*', 'image/*', 'text/plain', 'application/octet-stream'].map((type) => [
    type,
    { schema: binary },
  ]),
);

const mediaHeaders = (partial: boolean): HeadersObject => ({
  'Content-Type': {
    description: 'audio/*, video/*, raster image/*, text/plain, else application/octet-stream',
    schema: { type: 'string' },
  },
  'Content-Length': { schema: { type: 'integer' } },
  'Accept-Ranges': { schema: { type: 'string', enum: ['bytes'] } },
  ETag: { description: 'The quoted sha256 of the payload', schema: { type: 'string' } },
  ...(partial
    ? { 'Content-Range': { description: 'bytes start-end/size', schema: { type: 'string' } } }
    : {}),
});

/**
 * A binary payload streamed with byte ranges (RFC 9110): 200 whole, 206 one range, 416 a range
 * outside the payload (no body, `Content-Range: bytes * /size`).
 */
export const ApiMedia = (what: string) =>
  applyDecorators(
    ApiHeader({
      name: 'Range',
      required: false,
      description: 'One byte range, e.g. `bytes=0-1023`; several ranges get the whole payload',
      schema: { type: 'string' },
    }),
    ApiHeader({
      name: 'If-Range',
      required: false,
      description: 'The ETag: the range is honoured only while the payload is unchanged',
      schema: { type: 'string' },
    }),
    ApiResponse({
      status: 200,
      description: `${what}, whole`,
      content: MEDIA_CONTENT,
      headers: mediaHeaders(false),
    }),
    ApiResponse({
      status: 206,
      description: `${what}, the requested range`,
      content: MEDIA_CONTENT,
      headers: mediaHeaders(true),
    }),
    ApiResponse({
      status: 416,
      description: 'The range is outside the payload (no body)',
      headers: { 'Content-Range': { description: 'bytes */size', schema: { type: 'string' } } },
    }),
  );
