import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { answeringBodyErrors, jsonBodyParser } from '@verity/service-runtime';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.settings';

// @types/express is not installed: the little of express used here, typed locally.
type Req = { headers: Record<string, unknown>; body?: unknown; method?: string; url?: string };
type Res = { status(code: number): Res; json(body: unknown): unknown };
type Next = (err?: unknown) => void;
type RequestHandler = (req: Req, res: Res, next: Next) => void;
interface ExpressParsers {
  text(opts: { type: string; limit: number }): RequestHandler;
}
interface ExpressApp {
  use(handler: RequestHandler): unknown;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const express = require('express') as ExpressParsers;

/** The one route whose JSON body may be larger than the others': a Label Studio export of up to 1000 tasks. */
const LABEL_STUDIO_IMPORT = /^\/v1\/projects\/[^/?]+\/imports\/label-studio\/?(?:\?.*)?$/;

/**
 * The gateway's body parsers, installed on the HTTP adapter while the module is built, i.e.
 * before Nest adds its defaults (which then see a parser named `jsonParser` and stand aside):
 * the platform's JSON parser (nesting limit, errors in the API's shape) with a limit that lets
 * the content endpoint answer 413 naming its own text limit, and text bodies for
 * application/x-ndjson (content batches). The Label Studio import reads its JSON first with its
 * own limit (LABEL_STUDIO_IMPORT_MAX_BYTES); the general parser then sees the body parsed and
 * stands aside, so no other route takes bodies that large.
 */
@Injectable()
export class BodyParsers {
  constructor(host: HttpAdapterHost, @Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    const app = host.httpAdapter?.getInstance?.() as ExpressApp | undefined;
    if (!app || typeof app.use !== 'function') return;
    const jsonLimit = config.CONTENT_TEXT_MAX_BYTES * 6 + 64 * 1024;
    const ndjson = answeringBodyErrors(express.text({ type: 'application/x-ndjson', limit: config.CONTENT_BATCH_MAX_BYTES }), config.CONTENT_BATCH_MAX_BYTES);
    const importJson = jsonBodyParser(config.LABEL_STUDIO_IMPORT_MAX_BYTES);
    app.use((req, res, next) => (req.method === 'POST' && LABEL_STUDIO_IMPORT.test(req.url ?? '') ? importJson(req, res, next) : next()));
    app.use(jsonBodyParser(jsonLimit));
    app.use(ndjson);
  }
}
