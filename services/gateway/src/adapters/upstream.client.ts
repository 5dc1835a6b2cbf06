import { Readable } from 'node:stream';
import { BadGatewayException, GatewayTimeoutException, ServiceUnavailableException } from '@nestjs/common';
import { Logger, traceparentOf } from '@verity/telemetry';

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
 */
/**
 * The upstream call joins the gateway's own span (the HTTP instrumentation continued the
 * caller's traceparent there; fetch itself is not instrumented); without one, the caller's header
 * goes on as it came.
 */
function traceTo(headers: Record<string, string>, callerTraceparent: string | undefined) {
  const own = traceparentOf();
  if (own) headers.traceparent = own;
  else if (callerTraceparent) headers.traceparent = callerTraceparent;
}

export class UpstreamClient {
  private readonly base?: URL;

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
    let res: Response;
    try {
      res = await fetch(url, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new GatewayTimeoutException(`${this.name} service did not answer within ${this.timeoutMs} ms`);
      }
      this.logger.warn(`${this.name} service unreachable`, { path: req.path, error: (err as Error).message });
      throw new BadGatewayException(`${this.name} service unreachable`);
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      throw new BadGatewayException(`${this.name} service answered with a redirect, which the gateway does not follow`);
    }
    const contentType = res.headers.get('content-type') ?? '';
    return { status: res.status, contentType: contentType.includes('json') ? 'application/json' : 'text/plain; charset=utf-8', body: await res.text() };
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
    const abort = new AbortController();
    const waitMs = req.headersTimeoutMs ?? this.timeoutMs;
    const timer = setTimeout(() => abort.abort(new DOMException('headers timeout', 'TimeoutError')), waitMs);
    let res: Response;
    try {
      res = await fetch(url, { method: 'GET', headers, redirect: 'manual', signal: abort.signal });
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new GatewayTimeoutException(`${this.name} service did not answer within ${waitMs} ms`);
      }
      this.logger.warn(`${this.name} service unreachable`, { path: req.path, error: (err as Error).message });
      throw new BadGatewayException(`${this.name} service unreachable`);
    } finally {
      clearTimeout(timer);
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      throw new BadGatewayException(`${this.name} service answered with a redirect, which the gateway does not follow`);
    }
    const kept: Record<string, string> = {};
    for (const name of STREAMED_RESPONSE_HEADERS) {
      const v = res.headers.get(name);
      if (v !== null) kept[name] = v;
    }
    const body = res.body ? Readable.fromWeb(res.body as import('node:stream/web').ReadableStream) : null;
    // Aborting the fetch ends the upstream connection when the body is destroyed unread.
    body?.once('close', () => {
      if (!body.readableEnded) abort.abort();
    });
    return { status: res.status, headers: kept, body };
  }

  private urlOf(path: string): URL {
    if (!this.base) throw new ServiceUnavailableException(`${this.name} service not configured`);
    const url = new URL(this.base.href.replace(/\/+$/, '') + path);
    if (url.origin !== this.base.origin) throw new BadGatewayException(`refusing to forward outside the ${this.name} service`);
    return url;
  }
}
