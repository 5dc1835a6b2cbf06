// The request-body limits every service shares: a JSON body larger than its limit answers 413,
// a malformed one or one nested deeper than MAX_JSON_DEPTH answers 400, each in the API's error
// shape naming the field (`body`), before any handler runs; so does a NUL in a string or the URL. Deep nesting is refused before
// JSON.parse sees it (a scan of the raw bytes), so no recursive walk can exhaust the stack.

import { badRequest } from './validate';
// @types/express is not installed: the little of express used here, typed locally.
type Req = { headers: Record<string, unknown>; body?: unknown; url?: string };
type Res = { status(code: number): Res; json(body: unknown): unknown };
type Next = (err?: unknown) => void;
export type RequestHandler = (req: Req, res: Res, next: Next) => void;
interface ExpressParsers {
  json(opts: { limit: number; verify?: (req: unknown, res: unknown, buf: Buffer) => void }): RequestHandler;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const express = require('express') as ExpressParsers;

/** Deepest array/object nesting a JSON body may have (the deepest schema of the API is ~10). */
export const MAX_JSON_DEPTH = 64;
/** JSON body limit of a service that sets none (Express's own default is 100 KiB). */
export const DEFAULT_JSON_LIMIT = 1024 * 1024;

/**
 * One pass over a JSON text: its nesting depth (arrays and objects; brackets inside strings not
 * counted), stopping once past `stopAbove`, and whether a string holds an escaped NUL (`\u0000`),
 * which no field of the API accepts and Postgres cannot store in text.
 */
export function scanJson(buf: Buffer | string, stopAbove = Infinity): { depth: number; nul: boolean } {
  const s = typeof buf === 'string' ? buf : buf.toString('utf8');
  let depth = 0;
  let max = 0;
  let nul = false;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) {
        if (s.startsWith('u0000', i + 1)) nul = true;
        i++; // skip the escaped character
      } else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) max = depth;
      if (max > stopAbove) return { depth: max, nul };
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return { depth: max, nul };
}

/** Nesting depth of a JSON text (see scanJson). */
export function jsonDepth(buf: Buffer | string, stopAbove = Infinity): number {
  return scanJson(buf, stopAbove).depth;
}

class RefusedBodyError extends Error {
  readonly status = 400;
  readonly type = 'entity.refused';
}

interface ParserError {
  status?: number;
  type?: string;
  message: string;
}

/** Answers a body-parsing failure in the API's error shape (400 malformed or too deep, 413 too large). */
export function answeringBodyErrors(parser: RequestHandler, limit: number): RequestHandler {
  return (req, res, next) =>
    parser(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as ParserError;
      const status = e.status && e.status >= 400 && e.status < 500 ? e.status : 400;
      const reason =
        e.type === 'entity.too.large'
          ? `larger than the limit of ${limit} bytes`
          : e.type === 'entity.parse.failed'
            ? `malformed JSON: ${e.message}`
            : e.message;
      const message = e.type === 'entity.parse.failed' ? reason : `request body is ${reason}`;
      res.status(status).json({
        statusCode: status,
        error: status === 413 ? 'Payload Too Large' : 'Bad Request',
        message,
        errors: [{ field: 'body', reason }],
      });
    });
}

/**
 * The JSON body parser, named `jsonParser` so Nest's default stands aside: `limit` bytes at most
 * (413), nesting up to MAX_JSON_DEPTH and no NUL in any string (400), errors in the API's shape.
 */
export function jsonBodyParser(limit: number = DEFAULT_JSON_LIMIT): RequestHandler {
  const parser = express.json({
    limit,
    verify: (_req, _res, buf) => {
      const scan = scanJson(buf, MAX_JSON_DEPTH);
      if (scan.depth > MAX_JSON_DEPTH) throw new RefusedBodyError(`nested deeper than the limit of ${MAX_JSON_DEPTH} levels`);
      if (scan.nul) throw new RefusedBodyError('a string with a NUL character (\\u0000), which no field accepts');
    },
  });
  return Object.defineProperty(answeringBodyErrors(parser, limit), 'name', { value: 'jsonParser' });
}

/**
 * Refuses a URL with a NUL (`%00`) anywhere, path or query, before routing: ids reach SQL and S3
 * keys, and neither takes one. 400 naming `url`.
 */
export function refuseNulInUrl(): RequestHandler {
  return (req, res, next) => {
    if (!/%00/i.test((req as { url?: string }).url ?? '')) return next();
    res.status(400).json(badRequest([{ field: 'url', reason: 'contains a NUL character (%00)' }], 'request URL').getResponse());
  };
}
