import { BadGatewayException, GatewayTimeoutException, ServiceUnavailableException } from '@nestjs/common';
import { Logger } from '@verity/telemetry';

export interface UpstreamRequest {
  method: 'GET' | 'POST';
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

/**
 * Talks to one fixed upstream service (its URL comes from the gateway's settings): never a URL
 * from the request, redirects not followed, a timeout on every call. Only the Authorization
 * header (and trace context) go along.
 */
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
    if (!this.base) throw new ServiceUnavailableException(`${this.name} service not configured`);
    const url = new URL(this.base.href.replace(/\/+$/, '') + req.path);
    if (url.origin !== this.base.origin) throw new BadGatewayException(`refusing to forward outside the ${this.name} service`);
    if (req.query) url.search = req.query.toString();
    const headers: Record<string, string> = { authorization: req.authorization, accept: 'application/json' };
    if (req.traceparent) headers.traceparent = req.traceparent;
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
}
