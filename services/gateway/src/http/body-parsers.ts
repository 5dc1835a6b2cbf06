import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.settings';

// @types/express is not installed: the little of express used here, typed locally.
type Req = { headers: Record<string, unknown>; body?: unknown };
type Res = { status(code: number): Res; json(body: unknown): unknown };
type Next = (err?: unknown) => void;
type RequestHandler = (req: Req, res: Res, next: Next) => void;
interface ExpressParsers {
  json(opts: { limit: number }): RequestHandler;
  text(opts: { type: string; limit: number }): RequestHandler;
}
interface ExpressApp {
  use(handler: RequestHandler): unknown;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const express = require('express') as ExpressParsers;

interface ParserError {
  status?: number;
  type?: string;
  message: string;
}

/** Answers a body-parsing failure as JSON in the API's error shape (400 malformed, 413 too large). */
function answeringErrors(parser: RequestHandler, limit: number): RequestHandler {
  return (req: Req, res: Res, next: Next) =>
    parser(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as ParserError;
      const status = e.status && e.status >= 400 && e.status < 500 ? e.status : 400;
      const message =
        e.type === 'entity.too.large'
          ? `request body is larger than the limit of ${limit} bytes`
          : e.type === 'entity.parse.failed'
            ? `malformed JSON: ${e.message}`
            : e.message;
      res.status(status).json({ statusCode: status, error: status === 413 ? 'Payload Too Large' : 'Bad Request', message });
    });
}

/**
 * The gateway's body parsers, installed on the HTTP adapter while the module is built, i.e.
 * before Nest adds its defaults (which then see a parser named `jsonParser` and stand aside):
 * a JSON limit that lets the content endpoint answer 413 naming its own text limit, JSON errors
 * as JSON, and text bodies for application/x-ndjson (content batches).
 */
@Injectable()
export class BodyParsers {
  constructor(host: HttpAdapterHost, @Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    const app = host.httpAdapter?.getInstance?.() as ExpressApp | undefined;
    if (!app || typeof app.use !== 'function') return;
    const jsonLimit = config.CONTENT_TEXT_MAX_BYTES * 6 + 64 * 1024;
    const json = answeringErrors(express.json({ limit: jsonLimit }), jsonLimit);
    const ndjson = answeringErrors(express.text({ type: 'application/x-ndjson', limit: config.CONTENT_BATCH_MAX_BYTES }), config.CONTENT_BATCH_MAX_BYTES);
    app.use(Object.defineProperty(json, 'name', { value: 'jsonParser' }));
    app.use(ndjson);
  }
}
