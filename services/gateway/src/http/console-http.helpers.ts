import { createReadStream, existsSync, promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Logger } from '@verity/telemetry';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.settings';
import {
  ASSET_CACHE,
  CONSOLE_SECURITY_HEADERS,
  consoleTarget,
  contentTypeOf,
  defaultConsoleDir,
  insideRoot,
  NOT_BUILT_MESSAGE,
  PAGE_CACHE,
} from './console.paths';

// @types/express is not installed: Express's request and response are Node's, extended.
type Req = Pick<IncomingMessage, 'headers'> & { method: string; url: string };
type Res = ServerResponse;
type Next = (err?: unknown) => void;
interface ExpressApp {
  use(handler: (req: Req, res: Res, next: Next) => void): unknown;
  handle(req: Req, res: Res, next?: Next): unknown;
}

/**
 * Serves the built web console at the gateway's origin, installed on the HTTP adapter while the
 * module is built (before Nest's routes, like BodyParsers): files under /assets/ (cached for
 * good: Vite names them by content), other top-level files, and index.html for `/` and for any
 * page a browser navigates to outside the API's paths (the console's router takes it from
 * there). Every console response carries the console's CSP and security headers; every response
 * of the gateway, the API's included, carries `X-Content-Type-Options: nosniff`.
 * No console build → `/` answers 503 saying how to build it; the API works regardless.
 */
@Injectable()
export class ConsoleHttp {
  readonly root: string;

  constructor(host: HttpAdapterHost, @Inject(GATEWAY_CONFIG) config: GatewayConfig, logger: Logger) {
    this.root = path.resolve(config.CONSOLE_DIR ?? defaultConsoleDir());
    const app = host.httpAdapter?.getInstance?.() as ExpressApp | undefined;
    if (!app || typeof app.use !== 'function') return;
    if (existsSync(path.join(this.root, 'index.html'))) logger.info('serving the web console', { dir: this.root });
    else logger.warn(`no web console build in ${this.root}: ${NOT_BUILT_MESSAGE}`);
    // nosniff on every response, whichever middleware answers it (the body parsers' 400/413
    // included, whatever order the providers were built in): set as Express starts the request.
    const handle = app.handle.bind(app);
    app.handle = (req, res, next) => {
      res.setHeader('x-content-type-options', 'nosniff');
      return handle(req, res, next);
    };
    app.use((req, res, next) => {
      this.answer(req, res).then((answered) => (answered ? undefined : next()), next);
    });
  }

  /** Answers the request when it is the console's; false lets the API have it. */
  private async answer(req: Req, res: Res): Promise<boolean> {
    const target = consoleTarget(req.method, req.url, req.headers.accept);
    switch (target.kind) {
      case 'pass':
        return false;
      case 'refused':
        return this.text(res, 400, 'bad request path');
      case 'asset': {
        const file = insideRoot(this.root, target.file);
        return (file !== undefined && (await this.file(req, res, file, ASSET_CACHE))) || this.text(res, 404, 'not found');
      }
      case 'root-file': {
        const file = insideRoot(this.root, target.file);
        if (file !== undefined && (await this.file(req, res, file, PAGE_CACHE))) return true;
        return target.page ? this.page(req, res) : false;
      }
      case 'page':
        return this.page(req, res);
    }
  }

  private async page(req: Req, res: Res): Promise<boolean> {
    return (await this.file(req, res, path.join(this.root, 'index.html'), PAGE_CACHE)) || this.text(res, 503, NOT_BUILT_MESSAGE);
  }

  /** Streams a regular file with the console's headers; false when there is none at that path. */
  private async file(req: Req, res: Res, file: string, cache: string): Promise<boolean> {
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) return false;
    res.statusCode = 200;
    this.consoleHeaders(res);
    res.setHeader('content-type', contentTypeOf(file));
    res.setHeader('content-length', stat.size);
    res.setHeader('cache-control', cache);
    res.setHeader('last-modified', stat.mtime.toUTCString());
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    // On a read error mid-way the status is gone: cut the connection rather than send half a file.
    pipeline(createReadStream(file), res, (err) => {
      if (err) res.destroy(err);
    });
    return true;
  }

  private text(res: Res, status: number, message: string): true {
    res.statusCode = status;
    this.consoleHeaders(res);
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.end(message);
    return true;
  }

  private consoleHeaders(res: Res): void {
    for (const [name, value] of Object.entries(CONSOLE_SECURITY_HEADERS)) res.setHeader(name, value);
  }
}
