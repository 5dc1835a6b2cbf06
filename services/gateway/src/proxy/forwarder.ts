import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Principal, signJwt } from '@verity/auth';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.settings';
import { UpstreamClient, UpstreamRequest } from './upstream.client';

// @types/express is not installed: the part of the response used here.
export interface HttpResponse {
  status(code: number): HttpResponse;
  setHeader(name: string, value: string): unknown;
  send(body: string): unknown;
}

const ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** An id as a path segment; anything else is 404 (ids are never passed through raw). */
export function segment(id: string): string {
  if (!ID.test(id) || id === '.' || id === '..') throw new NotFoundException('not found');
  return encodeURIComponent(id);
}

export function queryOf(q: Record<string, unknown>): URLSearchParams {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (typeof v === 'string') query.append(k, v);
  return query;
}

/**
 * Forwards an authenticated caller's request. The upstream gets a short-lived token the gateway
 * signs for the caller (same subject and roles), so people and machine keys alike reach it with
 * one kind of credential and no upstream needs to know API keys.
 */
@Injectable()
export class Forwarder {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  async forward(
    to: UpstreamClient,
    p: Principal,
    headers: Record<string, string>,
    res: HttpResponse,
    req: Omit<UpstreamRequest, 'authorization' | 'traceparent'>,
  ): Promise<void> {
    const token = signJwt({ sub: p.id, roles: p.roles }, this.config.JWT_SECRET, 60);
    const out = await to.forward({ ...req, authorization: `Bearer ${token}`, traceparent: headers.traceparent });
    res.status(out.status).setHeader('content-type', out.contentType);
    res.send(out.body);
  }
}
