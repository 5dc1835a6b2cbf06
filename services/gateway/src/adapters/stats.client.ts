import { HttpException, Inject, Injectable } from '@nestjs/common';
import { Principal, signServiceToken } from '@verity/auth';
import { z } from '@verity/config';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.settings';
import { UpstreamClient } from './upstream.client';

export type Part<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * A JSON GET to one service for the dashboard, as the caller: the same fixed URL, restricted
 * path, timeout and short-lived token the gateway signs for forwarded calls (Forwarder), but the
 * answer is read here instead of passed on. Never throws: an unreachable, slow, refusing or
 * misbehaving service becomes `{ ok: false, reason }`, so the page shows the other parts.
 */
@Injectable()
export class StatsClient {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  async get<S extends z.ZodType>(
    to: UpstreamClient,
    p: Principal,
    traceparent: string | undefined,
    path: string,
    query: URLSearchParams,
    schema: S,
  ): Promise<Part<z.output<S>>> {
    const token = signServiceToken(p, to.name, this.config.JWT_SECRET);
    try {
      const out = await to.forward({ method: 'GET', path, query, authorization: `Bearer ${token}`, traceparent });
      let body: unknown;
      try {
        body = JSON.parse(out.body);
      } catch {
        body = undefined;
      }
      if (out.status !== 200) {
        const message = (body as { message?: unknown } | undefined)?.message;
        return { ok: false, reason: `${to.name} service answered ${out.status}${typeof message === 'string' ? `: ${message}` : ''}` };
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return { ok: false, reason: `${to.name} service answered an unexpected body (${issue?.path.join('.') || '(root)'}: ${issue?.message})` };
      }
      return { ok: true, value: parsed.data };
    } catch (err) {
      if (err instanceof HttpException) return { ok: false, reason: err.message };
      return { ok: false, reason: `${to.name} service call failed: ${(err as Error).message}` };
    }
  }
}
