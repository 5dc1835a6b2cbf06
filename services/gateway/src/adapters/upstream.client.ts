import type { Readable } from 'node:stream';
import { BadGatewayException, GatewayTimeoutException, ServiceUnavailableException } from '@nestjs/common';
import { Logger, traceparentOf } from '@verity/telemetry';
import { Agent, errors, request, type Dispatcher } from 'undici';

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path on the upstream service, built from fixed segments and validated ids. */
  path: string;
  query?: URLSearchParams;
  authorization: string;
  body?: unknown;
  traceparent?: string;
}

export interface UpstreamResponse {
  status: number;
  contentType: string;
  body: string;
}

/** A GET whose answer is streamed (media): only these request headers go along. */
export interface UpstreamStreamRequest {
  path: string;
  authorization: string;
  traceparent?: string;
  range?: string;
  ifRange?: string;
  /** How long to wait for the response headers (default: the client's timeout). */
  headersTimeoutMs?: number;
}

/** A Range / If-Range value passed along: short printable ASCII, else dropped (whole object). */
const HEADER_VALUE = /^[\x20-\x7e]{1,200}$/;

/** The response headers a streamed answer keeps (lower-case); every other header is dropped. */
export const STREAMED_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-range',
  'accept-ranges',
  'cache-control',
  'content-disposition',
  'x-content-type-options',
  'content-security-policy',
  'cross-origin-resource-policy',
  'etag',
] as const;

export interface UpstreamStream {
  status: number;
  /** The kept headers (STREAMED_RESPONSE_HEADERS) the upstream sent. */
  headers: Record<string, string>;
  /** The body, not read yet (null when none); destroy it to abort the upstream call. */
  body: Readable | null;
}

/**
 * Talks to one fixed upstream service (its URL comes from the gateway's settings): never a URL
 * from the request, redirects not followed, a timeout on every call. Only the Authorization
 * header (and trace context) go along.
 *
 * undici's `request` over a keep-alive pool, not `fetch`: the gateway forwards every annotator
 * call, and fetch's WHATWG streams and per-call abort signal cost about three times the CPU of
 * a plain request on loopback (bench/README.md, annotator API).
 */
/**
 * The upstream call joins the gateway's own span (the HTTP instrumentation continued the
 * caller's traceparent there; undici itself is not instrumented); without one, the caller's header
 * goes on as it came.
 */
function traceTo(headers: Record<string, string>, callerTraceparent: string | undefined) {
  const own = traceparentOf();
  if (own) headers.traceparent = own;
  else if (callerTraceparent) headers.traceparent = callerTraceparent;
}

export class UpstreamClient {
  private readonly base?: URL;
  private readonly pool = new Agent({ keepAliveTimeout: 4000 });

  constructor(
    readonly name: string,
    baseUrl: string | undefined,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {
    this.base = baseUrl ? new URL(baseUrl) : undefined;
  }

  async forward(req: UpstreamRequest): Promise<UpstreamResponse> {
    const url = this.urlOf(req.path);
    if (req.query) url.search = req.query.toString();
    const headers: Record<string, string> = { authorization: req.authorization, accept: 'application/json' };
    traceTo(headers, req.traceparent);
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        dispatcher: this.pool,
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
    } catch (err) {
      throw this.failure(err, req.path, this.timeoutMs);
    }
    if (res.statusCode >= 300 && res.statusCode < 400) {
      await res.body.dump();
      throw new BadGatewayException(`${this.name} service answered with a redirect, which the gateway does not follow`);
    }
    const contentType = String(res.headers['content-type'] ?? '');
    let body: string;
    try {
      body = await res.body.text();
    } catch (err) {
      throw this.failure(err, req.path, this.timeoutMs);
    }
    return { status: res.statusCode, contentType: contentType.includes('json') ? 'application/json' : 'text/plain; charset=utf-8', body };
  }

  /**
   * GET with a streamed answer (media): the same rules as forward (fixed URL, no redirects), but
   * the timeout covers only the wait for the response headers, so a long download is not cut;
   * `Range` and `If-Range` go along. The body is handed over unread.
   */
  async stream(req: UpstreamStreamRequest): Promise<UpstreamStream> {
    const url = this.urlOf(req.path);
    // identity: the bytes, Content-Length and Content-Range pass through exactly as sent.
    const headers: Record<string, string> = { authorization: req.authorization, 'accept-encoding': 'identity' };
    traceTo(headers, req.traceparent);
    if (req.range && HEADER_VALUE.test(req.range)) headers.range = req.range;
    if (req.ifRange && HEADER_VALUE.test(req.ifRange)) headers['if-range'] = req.ifRange;
    const waitMs = req.headersTimeoutMs ?? this.timeoutMs;
    let res: Dispatcher.ResponseData;
    try {
      // bodyTimeout 0: a long download is not cut; destroying the body ends the upstream call.
      res = await request(url, { dispatcher: this.pool, method: 'GET', headers, headersTimeout: waitMs, bodyTimeout: 0 });
    } catch (err) {
      throw this.failure(err, req.path, waitMs);
    }
    if (res.statusCode >= 300 && res.statusCode < 400) {
      await res.body.dump();
      throw new BadGatewayException(`${this.name} service answered with a redirect, which the gateway does not follow`);
    }
    const kept: Record<string, string> = {};
    for (const name of STREAMED_RESPONSE_HEADERS) {
      const v = res.headers[name];
      if (v !== undefined) kept[name] = Array.isArray(v) ? v.join(', ') : v;
    }
    return { status: res.statusCode, headers: kept, body: res.body };
  }

  /** A failed call as the gateway's answer: 504 when the upstream was too slow, else 502. */
  private failure(err: unknown, path: string, waitMs: number): Error {
    if (err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError) {
      return new GatewayTimeoutException(`${this.name} service did not answer within ${waitMs} ms`);
    }
    this.logger.warn(`${this.name} service unreachable`, { path, error: (err as Error).message });
    return new BadGatewayException(`${this.name} service unreachable`);
  }

  private urlOf(path: string): URL {
    if (!this.base) throw new ServiceUnavailableException(`${this.name} service not configured`);
    const url = new URL(this.base.href.replace(/\/+$/, '') + path);
    if (url.origin !== this.base.origin) throw new BadGatewayException(`refusing to forward outside the ${this.name} service`);
    return url;
  }
}
