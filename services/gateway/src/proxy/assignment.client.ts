import { BadGatewayException, GatewayTimeoutException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { Logger } from '@verity/telemetry';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.settings';

export interface UpstreamRequest {
  method: 'GET' | 'POST';
  /** Path on the assignment service, built from fixed segments and validated ids. */
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
 * Talks to the one fixed upstream, ASSIGNMENT_URL: never a URL from the request, redirects not
 * followed, a timeout on every call. Only the caller's Authorization (and trace context) go along.
 */
@Injectable()
export class AssignmentClient {
  private readonly base?: URL;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly logger: Logger,
  ) {
    this.base = config.ASSIGNMENT_URL ? new URL(config.ASSIGNMENT_URL) : undefined;
  }

  async forward(req: UpstreamRequest): Promise<UpstreamResponse> {
    if (!this.base) throw new ServiceUnavailableException('assignment service not configured');
    const url = new URL(this.base.href.replace(/\/+$/, '') + req.path);
    if (url.origin !== this.base.origin) throw new BadGatewayException('refusing to forward outside the assignment service');
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
        signal: AbortSignal.timeout(this.config.ASSIGNMENT_TIMEOUT_MS),
      });
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new GatewayTimeoutException(`assignment service did not answer within ${this.config.ASSIGNMENT_TIMEOUT_MS} ms`);
      }
      this.logger.warn('assignment service unreachable', { path: req.path, error: (err as Error).message });
      throw new BadGatewayException('assignment service unreachable');
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      throw new BadGatewayException('assignment service answered with a redirect, which the gateway does not follow');
    }
    const contentType = res.headers.get('content-type') ?? '';
    return { status: res.status, contentType: contentType.includes('json') ? 'application/json' : 'text/plain; charset=utf-8', body: await res.text() };
  }
}
